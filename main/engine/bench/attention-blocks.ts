// The four attention blocks of the scaling benchmark, built from the app's own node layers:
// y = x + Attention(LayerNorm(x)), MSE to a fixed target, one Adam step per call.
// b batch, n tokens, d model width, h heads
import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext, NodeLayer } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { constWeight, layerNorm } from '../../../nodes/attention/attention-ops';
import { createMultiHeadAttention } from '../../../nodes/attention/multi-head-attention/multi-head-attention.layer';
import { createLinearAttentionLayer } from '../../../nodes/attention/linear-attention/linear-attention.layer';
import { createGatedAttentionUnitLayer } from '../../../nodes/attention/gated-attention-unit/gated-attention-unit.layer';
import { createFlashLayer } from '../../../nodes/attention/flash/flash.layer';

type Tf = typeof tfjs;

export const ATTENTION_KINDS = ['softmax', 'linear', 'gau', 'flash'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export interface BlockConfig {
  width: number;
  heads: number;
  batch: number;
  causal: boolean;
  /** GAU / FLASH: expansion factor e and shared query/key dim s. */
  expansion: number;
  s: number;
  /** FLASH chunk C (clamped to n for shorter sequences). */
  chunk: number;
}

export const DEFAULT_BLOCK: BlockConfig = {
  width: 128,
  heads: 4,
  batch: 1,
  causal: true,
  expansion: 2,
  s: 64,
  chunk: 64,
};

/** What each kind is, in words, for the report. */
export const describeKind = (kind: AttentionKind, c: BlockConfig): string => {
  if (kind === 'softmax') return `Multi-Head Attention, ${c.heads} heads (softmax, O(n^2))`;
  if (kind === 'linear') return `Linear Attention, ${c.heads} heads (elu+1, cumulative sums)`;
  if (kind === 'gau') return `Gated Attention Unit, e=${c.expansion}, s=${c.s} (relu^2, O(n^2))`;
  return `FLASH, e=${c.expansion}, s=${c.s}, chunk ${c.chunk} (mixed chunk)`;
};

const buildLayer = (tf: Tf, kind: AttentionKind, c: BlockConfig, n: number): NodeLayer => {
  const ctx: BuildContext = {
    nodeId: `bench-${kind}`,
    inputs: { x: tensorType('float32', [c.batch, n, c.width]) },
    outputs: {},
    seed: 1234,
    data: { load: () => Promise.reject(new Error('the attention bench loads no data')) },
  };
  const causal = c.causal;
  if (kind === 'softmax') return createMultiHeadAttention(tf, { heads: c.heads, causal }, ctx);
  if (kind === 'linear') return createLinearAttentionLayer(tf, { heads: c.heads, causal }, ctx);
  if (kind === 'gau')
    return createGatedAttentionUnitLayer(tf, { expansion: c.expansion, s: c.s, causal }, ctx);
  const chunk = Math.min(c.chunk, n);
  return createFlashLayer(tf, { expansion: c.expansion, s: c.s, chunk, causal }, ctx);
};

export interface AttentionBlock {
  /** Trainable weights of the block (attention node + LayerNorm gain and bias). */
  params: number;
  /** One training step: forward, backward, Adam update; returns the loss (read back, so finished). */
  step(): number;
  dispose(): void;
}

/** Builds a block of one kind over sequences of n tokens, with seeded input and target. */
export const createAttentionBlock = (
  tf: Tf,
  kind: AttentionKind,
  c: BlockConfig,
  n: number,
): AttentionBlock => {
  const layer = buildLayer(tf, kind, c, n);
  const gain = constWeight(tf, [c.width], 1);
  const bias = constWeight(tf, [c.width], 0);
  const vars = [...Object.values(layer.weights), gain, bias];
  const x = tf.randomNormal([c.batch, n, c.width], 0, 1, 'float32', 5);
  const target = tf.randomNormal([c.batch, n, c.width], 0, 1, 'float32', 6);
  const optimizer = tf.train.adam(1e-3);
  const applyCtx = {
    training: true,
    step: 0,
    batchSize: c.batch,
    split: 'train' as const,
    rng: { next: () => 0.5, int: () => 0, seed: () => 1 },
    handles: {},
  };
  const loss = (): tfjs.Scalar => {
    const h = layerNorm(tf, x, gain, bias);
    const y = tf.add(x, layer.apply({ x: h }, applyCtx)['y']!);
    return tf.mean(tf.square(tf.sub(y, target)));
  };
  return {
    params: vars.reduce((s, v) => s + v.size, 0),
    step: () => {
      const l = optimizer.minimize(loss, true, vars);
      const value = l!.dataSync()[0] ?? NaN;
      l!.dispose();
      return value;
    },
    dispose: () => {
      optimizer.dispose();
      tf.dispose([...vars, x, target]);
    },
  };
};
