// Which source files a set of modules needs: relative imports are followed (value and type
// imports alike, since tsc needs both); package imports are left to the user's node_modules.
// Pure: works on a map of repo-relative path -> file content.

const IMPORT_PATTERN =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative module specifiers a TypeScript source imports or re-exports. */
export const relativeImports = (source: string): string[] => {
  const out = new Set<string>();
  for (const m of source.matchAll(IMPORT_PATTERN)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec !== undefined && (spec.startsWith('./') || spec.startsWith('../'))) out.add(spec);
  }
  return [...out].sort();
};

const NODE_BUILTINS = new Set([
  'fs',
  'path',
  'url',
  'module',
  'zlib',
  'os',
  'util',
  'child_process',
  'worker_threads',
  'crypto',
  'stream',
  'events',
  'http',
  'https',
  'net',
  'buffer',
  'process',
  'assert',
  'perf_hooks',
  'readline',
]);

/** npm packages a source needs: static imports, dynamic imports and require.resolve('pkg/...') (node: builtins excluded). */
export const packageImports = (source: string): string[] => {
  const out = new Set<string>();
  const add = (spec: string | undefined): void => {
    if (
      spec === undefined ||
      spec.startsWith('.') ||
      spec.startsWith('node:') ||
      spec.startsWith('/') ||
      NODE_BUILTINS.has(spec.split('/')[0]!)
    )
      return;
    const parts = spec.split('/');
    out.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  };
  for (const m of source.matchAll(IMPORT_PATTERN)) add(m[1] ?? m[2] ?? m[3]);
  for (const m of source.matchAll(/require\.resolve\(\s*['"]([^'"]+)['"]/g)) add(m[1]);
  return [...out].sort();
};

/** Joins a repo-relative directory and a relative specifier: ('nodes/a/b', '../c') -> 'nodes/a/c'. */
export const joinPath = (dir: string, spec: string): string => {
  const parts = dir === '' ? [] : dir.split('/');
  for (const seg of spec.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
};

export const dirName = (path: string): string =>
  path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';

/** Candidate files for an extension-less module path, in resolution order. */
export const candidateFiles = (modulePath: string): string[] =>
  modulePath.endsWith('.ts') ? [modulePath] : [`${modulePath}.ts`, `${modulePath}/index.ts`];

export interface Closure {
  /** Repo-relative file paths, sorted. */
  files: string[];
  /** Module paths that no source in the map provides. */
  missing: string[];
}

/** Every file reachable from `modules` (extension-less repo-relative paths) through relative imports. */
export const importClosure = (
  modules: readonly string[],
  read: (path: string) => string | undefined,
): Closure => {
  const files = new Set<string>();
  const missing = new Set<string>();
  const queue = [...modules];
  while (queue.length > 0) {
    const mod = queue.shift()!;
    const file = candidateFiles(mod).find((f) => files.has(f) || read(f) !== undefined);
    if (file === undefined) {
      missing.add(mod);
      continue;
    }
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of relativeImports(read(file) ?? '')) queue.push(joinPath(dirName(file), spec));
  }
  return { files: [...files].sort(), missing: [...missing].sort() };
};
