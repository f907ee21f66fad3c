// The weights a custom layer declares, one per line (or separated by ';'):
//   w: [C] ones
//   kernel: [C, 64] glorot
// A name, a shape over the input's dims (weights cannot depend on the batch), and an initialiser
// (glorot when omitted). Parsed without running any code.
import type { Dim } from '../../../core/shapes/tensor-type';
import {
  evaluateShape,
  formatDimExpr,
  parseShapeExpression,
  type DimExpr,
  type Parsed,
} from './shape-expression';

export const WEIGHT_INITS = ['glorot', 'normal', 'zeros', 'ones'] as const;
export type WeightInit = (typeof WEIGHT_INITS)[number];

export interface WeightDeclaration {
  name: string;
  dims: DimExpr[];
  init: WeightInit;
}

const isInit = (s: string): s is WeightInit => (WEIGHT_INITS as readonly string[]).includes(s);

export const parseWeightDeclarations = (text: string): Parsed<WeightDeclaration[]> => {
  const out: WeightDeclaration[] = [];
  const entries = text
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '' && !e.startsWith('//'));
  for (const entry of entries) {
    const m = /^([A-Za-z_$][A-Za-z0-9_$]*)\s*:\s*(\[[^\]]*\])\s*([A-Za-z]*)$/.exec(entry);
    if (!m || m[1] === undefined || m[2] === undefined)
      return {
        ok: false,
        message: `"${entry}" is not a weight declaration; write name: [dims] init, e.g. w: [C] ones`,
      };
    const name = m[1];
    if (out.some((w) => w.name === name))
      return { ok: false, message: `the weight ${name} is declared twice` };
    const init = m[3] === undefined || m[3] === '' ? 'glorot' : m[3];
    if (!isInit(init))
      return {
        ok: false,
        message: `the weight ${name} has the initialiser "${init}"; choose one of ${WEIGHT_INITS.join(', ')}`,
      };
    const dims = parseShapeExpression(m[2]);
    if (!dims.ok) return { ok: false, message: `the shape of ${name}: ${dims.message}` };
    out.push({ name, dims: dims.value, init });
  }
  return { ok: true, value: out };
};

/** Concrete weight shapes: every dim must be a known whole number (not the batch, not 'H'). */
export const weightShapes = (
  weights: readonly WeightDeclaration[],
  env: ReadonlyMap<string, Dim>,
): Parsed<Map<string, number[]>> => {
  const out = new Map<string, number[]>();
  for (const w of weights) {
    const shape = evaluateShape(w.dims, env);
    if (!shape.ok) return { ok: false, message: `the shape of ${w.name}: ${shape.message}` };
    const unknown = shape.value.findIndex((d) => typeof d !== 'number');
    if (unknown >= 0)
      return {
        ok: false,
        message: `the shape of ${w.name} needs ${formatDimExpr(w.dims[unknown]!)} = '${String(shape.value[unknown])}', which is not known; weights need known sizes (never the batch)`,
      };
    out.set(w.name, shape.value as number[]);
  }
  return { ok: true, value: out };
};
