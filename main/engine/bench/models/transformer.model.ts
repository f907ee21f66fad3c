// b batch, t tokens, d model dim, h heads, v vocabulary.
// A small decoder-only transformer (Vaswani et al. 2017; GPT-style pre-norm blocks) on
// synthetic arithmetic sequences: token embedding (gather) + learned positions, causal
// multi-head attention written with matMul (einsum has no gradient), MLP 4x, tied-free head.
import type * as tfType from '@tensorflow/tfjs';
import type { StepDefinition, Tf } from '../../parallel/step-program';
import { hash01, shardRange, variableFactory } from './model-utils';

export interface TransformerConfig {
  batch: number;
  seed?: number;
  vocab?: number;
  seq?: number;
  dim?: number;
  heads?: number;
  layers?: number;
  lr?: number;
}

export const transformerStep: StepDefinition<TransformerConfig> = {
  create(tf: Tf, cfg: TransformerConfig) {
    const V = cfg.vocab ?? 64,
      T = cfg.seq ?? 32,
      D = cfg.dim ?? 64,
      H = cfg.heads ?? 4,
      L = cfg.layers ?? 2;
    const dh = D / H;
    const v = variableFactory(tf, 'gpt', cfg.seed ?? 1);
    const emb = v.glorot('emb', [V, D], V, D),
      pos = v.glorot('pos', [T, D], T, D);
    const blocks = [...Array(L).keys()].map((l) => ({
      ln1g: v.constant(`b${l}/ln1g`, [D], 1),
      ln1b: v.constant(`b${l}/ln1b`, [D], 0),
      qkv: v.glorot(`b${l}/qkv`, [D, 3 * D], D, 3 * D),
      proj: v.glorot(`b${l}/proj`, [D, D], D, D),
      ln2g: v.constant(`b${l}/ln2g`, [D], 1),
      ln2b: v.constant(`b${l}/ln2b`, [D], 0),
      fc1: v.glorot(`b${l}/fc1`, [D, 4 * D], D, 4 * D),
      fc1b: v.constant(`b${l}/fc1b`, [4 * D], 0),
      fc2: v.glorot(`b${l}/fc2`, [4 * D, D], 4 * D, D),
      fc2b: v.constant(`b${l}/fc2b`, [D], 0),
    }));
    const lnf = { g: v.constant('lnf/g', [D], 1), b: v.constant('lnf/b', [D], 0) };
    const head = v.glorot('head', [D, V], D, V);
    const variables = [emb, pos, ...blocks.flatMap((b) => Object.values(b)), lnf.g, lnf.b, head];
    const optimizer = tf.train.adam(cfg.lr ?? 3e-3);
    const mask = tf.keep(
      tf.linalg
        .bandPart(tf.ones([T, T]), -1, 0)
        .sub(1)
        .mul(1e9),
    ); // 0 on/below diagonal, -1e9 above
    const layerNorm = (x: tfType.Tensor, g: tfType.Tensor, b: tfType.Tensor): tfType.Tensor => {
      const { mean, variance } = tf.moments(x, -1, true);
      return x
        .sub(mean)
        .mul(tf.rsqrt(variance.add(1e-5)))
        .mul(g)
        .add(b);
    };
    const loss = (ctx: { step: number; shard: number; shards: number }): tfType.Scalar => {
      const [b0, b1] = shardRange(cfg.batch, ctx);
      const n = b1 - b0;
      // Sequence e: a, a+c, a+2c, ... (mod V): the next token is predictable from context.
      const toks = new Int32Array(n * (T + 1));
      for (let e = 0; e < n; e++) {
        const a = Math.floor(hash01(ctx.step, (b0 + e) * 2) * V),
          c = 1 + Math.floor(hash01(ctx.step, (b0 + e) * 2 + 1) * 7);
        for (let t = 0; t <= T; t++) toks[e * (T + 1) + t] = (a + c * t) % V;
      }
      const all = tf.tensor2d(toks, [n, T + 1], 'int32');
      const inp = all.slice([0, 0], [n, T]),
        tgt = all.slice([0, 1], [n, T]);
      let x = tf
        .gather(emb, inp.reshape([n * T]))
        .reshape([n, T, D])
        .add(pos);
      for (const b of blocks) {
        const hN = layerNorm(x, b.ln1g, b.ln1b).reshape([n * T, D]);
        const qkv = tf.matMul(hN, b.qkv).reshape([n, T, 3, H, dh]).transpose([2, 0, 3, 1, 4]); // [3, n, H, T, dh]
        const [q, k, val] = tf.unstack(qkv).map((t) => t.reshape([n * H, T, dh]));
        const att = tf.softmax(
          tf
            .matMul(q as tfType.Tensor, k as tfType.Tensor, false, true)
            .mul(1 / Math.sqrt(dh))
            .add(mask),
        );
        const o = tf
          .matMul(att, val as tfType.Tensor)
          .reshape([n, H, T, dh])
          .transpose([0, 2, 1, 3])
          .reshape([n * T, D]);
        x = x.add(tf.matMul(o, b.proj).reshape([n, T, D]));
        const m = layerNorm(x, b.ln2g, b.ln2b).reshape([n * T, D]);
        const f = tf.matMul(tf.relu(tf.matMul(m, b.fc1).add(b.fc1b)), b.fc2).add(b.fc2b);
        x = x.add(f.reshape([n, T, D]));
      }
      const logits = tf.matMul(layerNorm(x, lnf.g, lnf.b).reshape([n * T, D]), head);
      const onehot = tf.oneHot(tgt.reshape([n * T]), V);
      return tf.mean(tf.neg(tf.sum(onehot.mul(tf.logSoftmax(logits)), -1))) as tfType.Scalar;
    };
    return {
      phases: [{ name: 'lm', variables, optimizer, loss }],
      variables,
      dispose: () => {
        tf.dispose([...variables, mask]);
        optimizer.dispose();
      },
    };
  },
};
