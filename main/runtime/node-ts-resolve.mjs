// Module resolve hook: `import './x.node'` means the TypeScript file x.node.ts. tsx's ESM
// resolver treats '.node' as a complete extension (native addons) and does not try '.ts', so
// when resolution fails for a relative '.node' specifier we retry with '.ts' appended.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative =
      specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (relative && specifier.endsWith('.node') && error && error.code === 'ERR_MODULE_NOT_FOUND')
      return nextResolve(`${specifier}.ts`, context);
    throw error;
  }
}
