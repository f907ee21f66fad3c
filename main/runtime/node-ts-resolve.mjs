// Resolve hook: Tessera names node definitions `*.node.ts` and imports them as `./x.node`.
// Node treats `.node` as a native addon, so tsx never tries `x.node.ts`; this hook does.
export async function resolve(specifier, context, nextResolve) {
  if (specifier.endsWith('.node') && (specifier.startsWith('.') || specifier.startsWith('/'))) {
    try {
      return await nextResolve(`${specifier}.ts`, context);
    } catch {
      // fall through: a real native addon
    }
  }
  return nextResolve(specifier, context);
}
