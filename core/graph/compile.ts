// The compiler front: document -> lower -> passes (modules, structure, cycles, params, shapes,
// cost, training, memory) -> an annotated IRProgram and diagnostics. Never throws, for any input.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import type { TesseraDocument } from '../document/document.types';
import { loadDocument } from '../document/load-document';
import { migrateNodeParams } from '../document/node-param-migration';
import type { NodeRegistry, ShapeEnv } from '../node-contract/node-definition';
import { specializeModules, toDocumentPath } from '../modules/specialize-modules';
import { cost } from './cost.pass';
import { cycles } from './cycles.pass';
import type { IRNode, IRProgram } from './ir';
import { lower } from './lower';
import { memory } from './memory.pass';
import type { MemoryLimit } from './memory-limit';
import { modules } from './modules.pass';
import { params } from './params.pass';
import type { CompilerPass, PassContext } from './pass-context';
import { shapes } from './shapes.pass';
import { structure } from './structure.pass';
import { training } from './training.pass';

export interface CompileResult {
  document?: TesseraDocument;
  program?: IRProgram;
  diagnostics: Diagnostic[];
}

/** The passes in the order they run; each names the passes it requires. */
export const compilerPasses: readonly CompilerPass[] = [
  modules,
  structure,
  cycles,
  params,
  shapes,
  cost,
  training,
  memory,
];

export interface CompileOptions {
  /**
   * The memory a training run may use (the engine passes the machine's, or the wasm heap's): a
   * project whose estimate exceeds it gets an error. Without it the estimate is only reported.
   */
  memoryLimit?: MemoryLimit;
}

const internalError = (e: unknown): Diagnostic =>
  diagnostic(
    'error',
    'compiler',
    `Tessera could not check this project (internal error: ${e instanceof Error ? e.message : String(e)}). Please report it with the project file.`,
  );

const dedupe = (list: Diagnostic[]): Diagnostic[] => {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.severity}\u0000${d.nodeId ?? ''}\u0000${d.path ?? ''}\u0000${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

const emptyProgram = (doc: TesseraDocument, diagnostics: Diagnostic[]): IRProgram => ({
  graph: { id: '', nodes: {}, order: [] },
  modules: {},
  training: doc.training,
  previews: [],
  diagnostics,
});

/** Compiles an already loaded document (the editor runs this on every edit). */
export function compileLoaded(
  doc: TesseraDocument,
  registry: NodeRegistry,
  env: ShapeEnv,
  options: CompileOptions = {},
): CompileResult {
  try {
    const spec = specializeModules(doc);
    const lowered = lower(spec.document, registry);
    const ctx: PassContext = {
      doc: spec.document,
      registry,
      env,
      program: lowered.program,
      scopes: lowered.scopes,
      blocked: new Set<IRNode>(lowered.unknown),
      recursiveModules: new Set(),
      ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
    };
    const diagnostics = [...spec.diagnostics, ...lowered.diagnostics];
    for (const pass of compilerPasses) diagnostics.push(...pass.run(ctx));
    const specialized = Object.keys(spec.origin).some((id) => spec.origin[id] !== id);
    const all = dedupe(
      specialized
        ? diagnostics.map((d) => {
            const path = toDocumentPath(d.path, spec.origin);
            return path === d.path ? d : { ...d, ...(path !== undefined ? { path } : {}) };
          })
        : diagnostics,
    );
    ctx.program.diagnostics = all;
    if (Object.keys(spec.specializations).length > 0)
      ctx.program.specializations = spec.specializations;
    return { document: doc, program: ctx.program, diagnostics: all };
  } catch (e) {
    const diagnostics = [internalError(e)];
    return { document: doc, program: emptyProgram(doc, diagnostics), diagnostics };
  }
}

/** Loads (JSON text or a parsed value), migrates and compiles. Never throws. */
export function compileDocument(
  input: unknown,
  registry: NodeRegistry,
  env: ShapeEnv,
  options: CompileOptions = {},
): CompileResult {
  try {
    const loaded = loadDocument(input);
    if (!loaded.document) return { diagnostics: loaded.diagnostics };
    const migrated = migrateNodeParams(loaded.document, registry);
    const compiled = compileLoaded(migrated.document, registry, env, options);
    const diagnostics = dedupe([
      ...loaded.diagnostics,
      ...migrated.diagnostics,
      ...compiled.diagnostics,
    ]);
    if (compiled.program) compiled.program.diagnostics = diagnostics;
    return {
      document: migrated.document,
      ...(compiled.program ? { program: compiled.program } : {}),
      diagnostics,
    };
  } catch (e) {
    return { diagnostics: [internalError(e)] };
  }
}
