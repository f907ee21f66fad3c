// Runs the graph forward on demand: evaluating a port computes only what it depends on, once
// per Evaluation (a memo per graph scope). Module instances evaluate their module's graph with
// the instance's inputs; module handles become ModelHandles that do the same when called.
import type {
  ApplyContext,
  ModelHandle,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import type { PortRef } from '../../../core/document/document.types';
import {
  MODULE_HANDLE,
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_OUTPUT,
} from '../../../core/graph/module-types';
import type { BuiltProgram } from './build-program';
import type { LayerSet } from './layer-set';

interface Scope {
  set: LayerSet;
  ctx: ApplyContext;
  moduleInputs?: Record<string, Tensor>;
  memo: Map<string, Record<string, Tensor>>;
}

export interface Evaluation {
  /** The tensor on a top-level output port. */
  output(ref: PortRef): Tensor;
  /**
   * Scalars (rank-0 outputs) of top-level nodes computed so far, keyed '<label>.<port>'.
   * Only filled when `collectScalars` was set; those tensors are tf.keep()-ed: the caller disposes them.
   */
  scalars: Map<string, Tensor>;
}

export const evaluation = (
  built: BuiltProgram,
  ctx: ApplyContext,
  opts: { collectScalars?: boolean } = {},
): Evaluation => {
  const tf: TF = built.tf;
  const scalars = new Map<string, Tensor>();

  const callModule = (
    set: LayerSet,
    inputs: Record<string, Tensor>,
    callCtx: ApplyContext,
  ): Record<string, Tensor> => {
    const mod = set.module;
    if (!mod) throw new Error('Only modules can be called.');
    const scope: Scope = { set, ctx: callCtx, moduleInputs: inputs, memo: new Map() };
    const out: Record<string, Tensor> = {};
    for (const [port, outId] of Object.entries(mod.outputNodes)) {
      const ref = Object.values(mod.nodes[outId]?.inputs ?? {})[0];
      if (ref) out[port] = portValue(scope, ref);
    }
    return out;
  };

  const handleFor = (scope: Scope, nodeId: string): ModelHandle => {
    const set = scope.set.calls.get(nodeId);
    const node = scope.set.graph.nodes[nodeId];
    if (!set || !node) throw new Error(`Module handle ${nodeId} was not built.`);
    return {
      moduleId: String(node.params.module),
      call: (inputs, c) => callModule(set, inputs, c),
    };
  };

  const portValue = (scope: Scope, ref: PortRef): Tensor => {
    const t = evalNode(scope, ref.node)[ref.port];
    if (!t) throw new Error(`Node ${ref.node} produced no output '${ref.port}'.`);
    return t;
  };

  const evalNode = (scope: Scope, id: string): Record<string, Tensor> => {
    const hit = scope.memo.get(id);
    if (hit) return hit;
    const graph = scope.set.graph;
    const node = graph.nodes[id];
    if (!node) throw new Error(`Unknown node ${id}.`);
    let out: Record<string, Tensor>;
    if (node.type === MODULE_INPUT) {
      const name =
        Object.entries(scope.set.module?.inputNodes ?? {}).find(([, n]) => n === id)?.[0] ??
        String(node.params.name);
      const t = scope.moduleInputs?.[name];
      if (!t) throw new Error(`Module input '${name}' was not given.`);
      out = { value: t };
    } else if (node.type === MODULE_OUTPUT || node.type === MODULE_HANDLE) {
      out = {};
    } else {
      const tensors: Record<string, Tensor> = {};
      const handles: Record<string, ModelHandle> = {};
      for (const [port, ref] of Object.entries(node.inputs)) {
        if (graph.nodes[ref.node]?.type === MODULE_HANDLE)
          handles[port] = handleFor(scope, ref.node);
        else tensors[port] = portValue(scope, ref);
      }
      if (node.type === MODULE_INSTANCE) {
        const set = scope.set.calls.get(id);
        if (!set) throw new Error(`${node.label} (${id}) was not built.`);
        out = callModule(set, tensors, scope.ctx);
      } else {
        const layer = scope.set.layers.get(id);
        if (!layer) throw new Error(`${node.label} (${id}) was not built.`);
        out = node.def?.role === 'optimizer' ? {} : layer.apply(tensors, { ...scope.ctx, handles });
      }
    }
    scope.memo.set(id, out);
    if (opts.collectScalars && scope.set.kind === 'top')
      for (const [port, t] of Object.entries(out))
        if (t.rank === 0 && t.dtype === 'float32') {
          let key = `${node.label}.${port}`;
          if (scalars.has(key)) key = `${node.label} (${id}).${port}`;
          scalars.set(key, tf.keep(t));
        }
    return out;
  };

  const topScope: Scope = { set: built.top, ctx, memo: new Map() };
  return { output: (ref) => portValue(topScope, ref), scalars };
};
