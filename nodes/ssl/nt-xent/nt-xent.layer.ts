// NT-Xent (normalised temperature-scaled cross entropy), SimCLR's equation (1) averaged over all 2N
// anchors: z = l2-normalise([z_a; z_b]) [2N, D], s = z z^T / tau, the self-similarity removed, and
// l_i = -log( exp(s_i,pos(i)) / sum_{k != i} exp(s_ik) ) with pos(i) = i + N mod 2N.
// n pairs in the batch, d embedding width.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface NtXentParams {
  temperature: number;
}

/** Loss and top-1 pair accuracy for two batches of embeddings [N, D]. */
export const ntXent = (
  tf: TF,
  za: Tensor,
  zb: Tensor,
  temperature: number,
): { loss: Tensor; accuracy: Tensor } => {
  const n = za.shape[0] as number;
  const normalise = (z: Tensor): Tensor =>
    tf.div(z, tf.sqrt(tf.add(tf.sum(tf.square(z), -1, true), 1e-12)));
  const a = normalise(za);
  const b = normalise(zb);
  const z = tf.concat([a, b], 0);
  const sim = tf.div(tf.matMul(z, z, false, true), temperature);
  // Removes k = i from the denominator: a large negative on the diagonal (exp underflows to 0).
  const logits = tf.sub(sim, tf.mul(tf.eye(2 * n), 1e9));
  const lse = tf.logSumExp(logits, 1);
  const pos = tf.div(tf.sum(tf.mul(a, b), 1), temperature);
  const loss = tf.sub(tf.mean(lse), tf.mean(pos));
  const target = tf.tensor1d(
    Array.from({ length: 2 * n }, (_, i) => (i + n) % (2 * n)),
    'int32',
  );
  const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), target), 'float32'));
  return { loss, accuracy };
};

export const createNtXentLayer = (
  tf: TF,
  params: NtXentParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const za = inputs['za'];
    const zb = inputs['zb'];
    if (!za || !zb) throw new Error('ssl/nt-xent needs za and zb.');
    return ntXent(tf, za, zb, params.temperature);
  },
});
