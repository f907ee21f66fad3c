// Type ids of the built-in module nodes (defined in nodes/module/), which the compiler treats
// specially: their ports and types come from the module they name.
import type { Dim, Shape } from '../shapes/tensor-type';

export const MODULE_INPUT = 'module/input';
export const MODULE_OUTPUT = 'module/output';
export const MODULE_INSTANCE = 'module/instance';
export const MODULE_HANDLE = 'module/handle';

/** The one port of module/input (output) and module/output (input). */
export const MODULE_IO_PORT = 'value';
/** The one output port of module/handle. */
export const MODULE_HANDLE_PORT = 'model';

export const isModuleNodeType = (type: string): boolean =>
  type === MODULE_INPUT ||
  type === MODULE_OUTPUT ||
  type === MODULE_INSTANCE ||
  type === MODULE_HANDLE;

/**
 * Parses a declared shape such as "B, 28, 28, 1" (names or positive whole numbers, comma
 * separated). '' means "not declared". Returns a message for text that is not a shape.
 */
export const parseDeclaredShape = (text: string): { shape?: Shape; error?: string } => {
  const t = text.trim();
  if (t === '') return {};
  if (t === 'scalar') return { shape: [] };
  const dims: Dim[] = [];
  for (const part of t.split(',')) {
    const p = part.trim();
    if (/^\d+$/.test(p) && Number(p) > 0) dims.push(Number(p));
    else if (/^[A-Za-z][A-Za-z0-9_]*$/.test(p)) dims.push(p);
    else
      return {
        error: `"${p}" is not a dim: use a positive whole number or a name such as B, H, W, C`,
      };
  }
  return { shape: dims };
};
