// A cheap, text-only check that custom code follows the convention (it is never run here):
// the module exports a synchronous `forward`. Comments are ignored; strings are not parsed.

/** The largest code the node accepts (a custom layer is a few lines; this is generous). */
export const MAX_CUSTOM_CODE_CHARS = 100_000;

const withoutComments = (code: string): string =>
  code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');

/** A message naming the fix, or undefined when the code exports a synchronous forward. */
export const forwardExportProblem = (code: string): string | undefined => {
  if (code.length > MAX_CUSTOM_CODE_CHARS)
    return `The code is ${code.length} characters; keep it under ${MAX_CUSTOM_CODE_CHARS} (move helpers into fewer lines or split the layer).`;
  const text = withoutComments(code);
  if (
    /\bexport\s+async\s+function\s+forward\b|\bexport\s+(?:const|let)\s+forward\s*=\s*async\b/.test(
      text,
    )
  )
    return 'forward is async; it must return the output tensor directly (it runs inside tf.tidy, where awaiting is not possible). Remove async.';
  if (
    /\bexport\s+function\s+forward\b|\bexport\s+(?:const|let)\s+forward\b|\bexport\s*\{[^}]*\bforward\b[^}]*\}/.test(
      text,
    )
  )
    return undefined;
  return 'The code must export its forward function: write export function forward(tf, x, weights, ctx) { ... } returning the output tensor.';
};
