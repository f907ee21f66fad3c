// IR -> a standalone TypeScript training program (pure and deterministic).
//
// The program wires the node layer files (`*.layer.ts`), which are shipped verbatim beside it
// with their relative helpers, so the app and the export compute the same thing (ADR 0003).
// core/ reads no files: the caller passes the source files to ship in `options.sources`
// (repo-relative path -> content); main/engine/export/export-project.ts does that.
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic';
import type { TesseraDocument } from '../document/document.types';
import type { IRGraph, IRProgram } from '../graph/ir';
import type { NodeRegistry } from '../node-contract/node-definition';
import { CodeWriter } from './code-writer';
import { emitModelClass, emitModuleClass } from './emit-classes';
import { emitHeader } from './emit-header';
import { emitMain, emitObjectiveFunctions, planObjectives } from './emit-training';
import { importClosure, packageImports } from './import-closure';
import { emitOwnCodeFactories, ownCodeImports, ownCodeTypeModules } from './own-code';
import { planExport } from './plan';

/** Repo-relative module of the small runtime the program uses (trainer pieces + checkpoints). */
export const EXPORT_RUNTIME_MODULE = 'main/engine/export/runtime/export-runtime';
export const NODE_CONTRACT_MODULE = 'core/node-contract/node-definition';

export interface ExportOptions {
  /** File name of the program without extension: 'model' gives model.ts and the folder model.lib/. */
  baseName?: string;
  /** Repo-relative path -> content of the files to ship (layers, helpers, runtime). */
  sources?: Readonly<Record<string, string>>;
  /** Written in the header, e.g. '0.1.0'. */
  appVersion?: string;
}

export interface ExportOutput {
  /** Path relative to the output directory -> content: the program and its support folder. */
  files: Record<string, string>;
  /** The program's path within `files`. */
  entry: string;
  diagnostics: Diagnostic[];
  /** Repo-relative modules the program imports directly (the roots of the support folder). */
  roots: string[];
}

/** A base name that is safe as a file name: letters, digits, '-', '_' and '.'. */
export const safeBaseName = (name: string): string => {
  const base = name
    .replace(/\.ts$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '');
  return base === '' ? 'model' : base.slice(0, 80);
};

export const supportTsconfig = (entry: string): string =>
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022'],
        types: ['node'],
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        noEmit: true,
        isolatedModules: true,
        esModuleInterop: true,
        resolveJsonModule: true,
      },
      files: [`../${entry}`],
    },
    null,
    2,
  ) + '\n';

/** A copy of the program in which nodes the compiler could not resolve are looked up again (the input is not changed). */
const withDefinitions = (program: IRProgram, registry: NodeRegistry): IRProgram => {
  const fill = <G extends IRGraph>(g: G): G => ({
    ...g,
    nodes: Object.fromEntries(
      Object.entries(g.nodes).map(([id, n]) => [
        id,
        n.def ? n : { ...n, def: registry.get(n.type) },
      ]),
    ),
  });
  return {
    ...program,
    graph: fill(program.graph),
    modules: Object.fromEntries(Object.entries(program.modules).map(([id, m]) => [id, fill(m)])),
  };
};

export const exportProgram = (
  program: IRProgram,
  document: TesseraDocument,
  registry: NodeRegistry,
  options: ExportOptions = {},
): ExportOutput => {
  const diagnostics: Diagnostic[] = [];
  const base = safeBaseName(options.baseName ?? 'model');
  const entry = `${base}.ts`;
  const lib = `${base}.lib`;

  program = withDefinitions(program, registry);

  if (hasErrors(program.diagnostics))
    diagnostics.push(
      diagnostic(
        'error',
        'export',
        'The project has errors (see Problems); fix them before exporting, since the exported program would not train.',
      ),
    );
  const plan = planExport(program);
  diagnostics.push(...plan.diagnostics);

  const objectives = planObjectives(program, plan, plan.scope);
  diagnostics.push(...objectives.diagnostics);
  if (program.training.stages.length === 0)
    diagnostics.push(
      diagnostic(
        'warning',
        'export',
        'The project has no training stage; the exported program builds the model and saves it without training. Add a stage with an objective to train.',
      ),
    );

  const imports = [...plan.imports.values()].sort((a, b) =>
    a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0,
  );
  const ownCode = [...plan.ownCode.values()];
  const roots = [
    NODE_CONTRACT_MODULE,
    EXPORT_RUNTIME_MODULE,
    ...imports.map((i) => i.modulePath),
    ...ownCodeTypeModules(ownCode),
  ];
  const sources = options.sources;
  const closure = sources ? importClosure(roots, (p) => sources[p]) : undefined;
  // The engine's wasm backend is loaded with a dynamic import the scan cannot see; tfjs-node is optional.
  const packages = closure
    ? [
        ...new Set([
          '@tensorflow/tfjs-backend-wasm',
          ...closure.files.flatMap((f) => packageImports(sources![f]!)),
          ...ownCode.flatMap((m) => packageImports(m.source)),
        ]),
      ].sort()
    : undefined;

  const w = new CodeWriter();
  emitHeader(w, {
    document,
    program,
    lib,
    entry,
    appVersion: options.appVersion ?? document.appVersion,
    ...(packages ? { packages } : {}),
  });
  w.line(`import * as tf from '@tensorflow/tfjs';`);
  w.line(
    `import type { ApplyContext, NodeLayer, Tensor } from './${lib}/${NODE_CONTRACT_MODULE}';`,
  );
  w.line(
    `import { createRuntime, handleOf, out, type Runtime, type Stage } from './${lib}/${EXPORT_RUNTIME_MODULE}';`,
  );
  for (const i of imports)
    w.line(
      `import { ${i.factory === i.alias ? i.factory : `${i.factory} as ${i.alias}`} } from './${lib}/${i.modulePath}';`,
    );
  for (const line of ownCodeImports(ownCode, lib)) w.line(line);
  w.line();
  if (ownCode.length > 0) {
    w.line('// ---------- custom code ----------');
    w.line();
    emitOwnCodeFactories(w, ownCode, (node) => plan.imports.get(node.type)?.alias, lib);
    w.line();
  }
  w.line('// ---------- modules ----------');
  w.line();
  w.block('interface SharedModules {', () => {
    for (const mod of plan.modules)
      w.line(`${plan.sharedNames.get(mod.moduleId)}: ${mod.className};`);
  });
  w.line();
  for (const mod of plan.modules) {
    emitModuleClass(w, plan, mod);
    w.line();
  }
  emitModelClass(w, plan);
  w.line();
  w.line('// ---------- objectives ----------');
  w.line();
  emitObjectiveFunctions(w, program, plan, objectives.objectives);
  w.line('// ---------- training ----------');
  w.line();
  emitMain(w, program, document, plan, objectives.objectives);

  const files: Record<string, string> = { [entry]: w.toString() };
  for (const m of ownCode) files[`${lib}/${m.modulePath}.ts`] = m.source;
  if (sources && closure) {
    for (const f of closure.files) files[`${lib}/${f}`] = sources[f]!;
    for (const m of closure.missing)
      diagnostics.push(
        diagnostic(
          'error',
          'export',
          `The support file ${m}.ts was not provided, so the exported program would not compile. Export from a complete Tessera installation.`,
        ),
      );
    files[`${lib}/tsconfig.json`] = supportTsconfig(entry);
  }
  return { files, entry, diagnostics, roots };
};
