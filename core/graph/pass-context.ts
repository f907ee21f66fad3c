// What every compiler pass receives: the document, the registry, the IR being annotated, and the
// nodes earlier passes found wrong (later passes skip those quietly, so errors do not cascade).
import { diagnostic, type Diagnostic, type Severity } from '../diagnostics/diagnostic';
import type { DocEdge, DocNode, TesseraDocument } from '../document/document.types';
import type { NodeRegistry, ShapeEnv } from '../node-contract/node-definition';
import type { IRGraph, IRModule, IRNode, IRProgram } from './ir';
import type { MemoryLimit } from './memory-limit';

/** One graph to check: the top level ('' id) or a module. */
export interface GraphScope {
  graph: IRGraph;
  module?: IRModule;
  docNodes: Record<string, DocNode>;
  docEdges: Record<string, DocEdge>;
  /** '' for the top level, '/modules/<id>' for a module. */
  path: string;
}

export interface PassContext {
  doc: TesseraDocument;
  registry: NodeRegistry;
  env: ShapeEnv;
  program: IRProgram;
  scopes: GraphScope[];
  /** Nodes with errors found by earlier passes: the shapes pass skips them and what they feed. */
  blocked: Set<IRNode>;
  /** Modules that call themselves (directly or through others). */
  recursiveModules: Set<string>;
  /** The memory a training run may use, when the engine knows it (the memory pass checks it). */
  memoryLimit?: MemoryLimit;
}

/** A named pass and the passes that must have run before it (FX / TVM style). */
export interface CompilerPass {
  name: string;
  requires: readonly string[];
  run(ctx: PassContext): Diagnostic[];
}

/** A record lookup that ignores inherited keys ('constructor', '__proto__', 'toString'). */
export const own = <T>(rec: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;

/** A record without a prototype, so that any key from a document is safe to store. */
export const dict = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

export const nodeDiagnostic = (
  severity: Severity,
  source: string,
  node: IRNode,
  message: string,
  port?: string,
): Diagnostic =>
  diagnostic(severity, source, message, {
    nodeId: node.id,
    ...(port !== undefined ? { port } : {}),
    ...(node.path !== undefined ? { path: node.path } : {}),
  });

/** "Conv" / "Decoder": how messages name a node. */
export const nameOf = (node: IRNode): string => node.label;

/** Where a graph is, for messages: '' or ' in module Encoder'. */
export const whereOf = (scope: GraphScope): string =>
  scope.module ? ` in module ${scope.module.name || scope.module.id}` : '';
