// The runtime of an inference bundle: builds a module's layers and loads trained weights into
// them. Browser-safe: no Node imports; tf comes in as an argument (the page's tfjs).
import type * as tfjs from '@tensorflow/tfjs';
import type {
  ApplyContext,
  NodeLayer,
  Tensor,
} from '../../../../core/node-contract/node-definition';
import { createRng } from '../../train/rng';
import { handleOf, out, type LayerFactory, type LayerSpec } from './layer-wiring';

export { handleOf, out, type LayerFactory, type LayerSpec };

type TF = typeof tfjs;

export type Runtime = ReturnType<typeof createInferenceRuntime>;

export const createInferenceRuntime = (tf: TF, seed: number) => {
  const stems = new Map<NodeLayer, string>();
  const rng = createRng(seed);
  return {
    tf,
    rng,
    async build<P>(factory: LayerFactory<P>, spec: LayerSpec<NoInfer<P>>): Promise<NodeLayer> {
      const layer = await factory(tf, spec.params, {
        nodeId: spec.nodeId,
        inputs: spec.inputs,
        outputs: spec.outputs,
        seed: 1,
        data: {
          load: async (name) =>
            Promise.reject(new Error(`An inference bundle has no dataset (${name}).`)),
        },
      });
      stems.set(layer, `${spec.prefix}${spec.nodeId}`);
      return layer;
    },
    /** Inference uses the trained EMA weights as loaded; nothing to track. */
    trackEma(_target: NodeLayer[], _source: NodeLayer[], _decay: number): void {},
    /** Assigns trained weights (name -> tensor, names 'prefix + node/weight') to the layers; returns the names it did not find. */
    loadWeights(layers: readonly NodeLayer[], weights: Record<string, Tensor>): string[] {
      const missing: string[] = [];
      for (const l of layers)
        for (const [k, v] of [
          ...Object.entries(l.weights),
          ...Object.entries(l.state ?? {}).map(([s, t]) => [`state/${s}`, t] as const),
        ]) {
          const key = `${stems.get(l) ?? '?'}/${k}`;
          const t = weights[key];
          if (t) v.assign(t);
          else missing.push(key);
        }
      return missing;
    },
    context: (batchSize: number): ApplyContext => ({
      training: false,
      step: 0,
      batchSize,
      split: 'test',
      rng,
      handles: {},
    }),
  };
};
