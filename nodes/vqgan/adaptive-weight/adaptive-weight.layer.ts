// VQGAN's adaptive weight (Esser et al. 2021, eq. 7): lambda = ||grad_GL L_rec|| / (||grad_GL L_GAN|| + eps),
// taken at the decoder's last layer G_L, which this node owns (the final conv to image channels).
// b batch, h w spatial, c feature channels, o image channels (NHWC); k odd kernel size
//
// How the two gradients are found inside one backward pass, without recomputing the forward:
// the output image leaves through two identity taps, `image` (to the reconstruction loss) and
// `imageForDisc` (to the discriminator). Each tap is a tf.customGrad. tfjs backpropagates in reverse
// tape order, and the disc tap is recorded before the image tap, so the image tap's gradient runs
// first: it turns dL_rec/dimage into ||dL_rec/dW|| (conv input x output gradient) and keeps it.
// The disc tap then computes ||dL_GAN/dW|| the same way, forms lambda, and passes lambda * dy on:
// the decoder and everything before it receive grad L_rec + lambda * grad L_GAN, as in the paper,
// where lambda is detached (a constant in the backward pass).
import type {
  TF,
  Tensor,
  NodeLayer,
  BuildContext,
  ApplyContext,
} from '../../../core/node-contract/node-definition';
import { concreteDim } from '../../attention/shape-helpers';
import { convKernelGradNorm } from './last-layer-grad';

export interface AdaptiveWeightParams {
  outChannels: number;
  kernel: number;
  inputActivation: string;
  outActivation: string;
  discStart: number;
  discWeight: number;
  maxWeight: number;
  eps: number;
}

type Custom = (...xs: Tensor[]) => Tensor;
type GradFn = (
  x: Tensor,
  save: (ts: Tensor[]) => void,
) => { value: Tensor; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor };
const custom = (tf: TF, f: GradFn): Custom =>
  tf.customGrad(f as unknown as Parameters<TF['customGrad']>[0]) as unknown as Custom;

export const createAdaptiveWeight = (
  tf: TF,
  params: AdaptiveWeightParams,
  ctx: BuildContext,
): NodeLayer => {
  const c = concreteDim(ctx.inputs['features'], 3, 'Adaptive-weight feature channels');
  const k = params.kernel;
  const kernel = tf.tidy(() =>
    tf.variable(
      tf.randomNormal(
        [k, k, c, params.outChannels],
        0,
        Math.sqrt(1 / (k * k * c)),
        'float32',
        ctx.seed + 71,
      ),
      true,
    ),
  );
  const bias = tf.tidy(() => tf.variable(tf.zeros([params.outChannels]), true));
  // The last lambda formed in a backward pass (shown as a metric; not trained).
  const lambda = tf.tidy(() => tf.variable(tf.scalar(0), false));

  /** dimage/dz of the output activation, from the activated image y. */
  const activationSlope = (y: Tensor): Tensor =>
    params.outActivation === 'sigmoid'
      ? tf.mul(y, tf.sub(1, y))
      : params.outActivation === 'tanh'
        ? tf.sub(1, tf.square(y))
        : tf.onesLike(y);

  const apply = (
    inputs: Record<string, Tensor | undefined>,
    actx: ApplyContext,
  ): Record<string, Tensor> => {
    const features = inputs['features'] as Tensor;
    const x = params.inputActivation === 'relu' ? tf.relu(features) : features;
    const z = tf.add(tf.conv2d(x as never, kernel as never, 1, 'same'), bias);
    const y =
      params.outActivation === 'sigmoid'
        ? tf.sigmoid(z)
        : params.outActivation === 'tanh'
          ? tf.tanh(z)
          : z;
    // adopt_weight in taming-transformers: the GAN term is off before the discriminator starts.
    const on = actx.step >= params.discStart ? 1 : 0;
    // One probe per apply, so a norm from another step can never be used.
    const probe: { recNorm?: Tensor } = {};
    const gradNorm = (dy: Tensor, saved: Tensor[]): Tensor => {
      const [xs, slope] = saved as [Tensor, Tensor];
      return convKernelGradNorm(tf, xs, tf.mul(dy, slope), k);
    };
    // Recorded first, so its gradient runs last (after the image tap's).
    const discTap = custom(tf, (yy, save) => {
      save([x, activationSlope(y)]);
      return {
        value: tf.clone(yy),
        gradFunc: (dy, saved) => {
          if (on === 0) {
            lambda.assign(tf.scalar(0));
            return tf.zerosLike(dy);
          }
          const ganNorm = gradNorm(dy, saved);
          const ratio = probe.recNorm
            ? tf.div(probe.recNorm, tf.add(ganNorm, params.eps))
            : tf.scalar(1);
          const lam = tf.mul(tf.clipByValue(ratio, 0, params.maxWeight), params.discWeight);
          lambda.assign(lam as never);
          return tf.mul(dy, lam);
        },
      };
    });
    const imageTap = custom(tf, (yy, save) => {
      save([x, activationSlope(y)]);
      return {
        value: tf.clone(yy),
        gradFunc: (dy, saved) => {
          probe.recNorm = gradNorm(dy, saved);
          return tf.clone(dy);
        },
      };
    });
    const imageForDisc = discTap(y);
    const image = imageTap(y);
    return { image, imageForDisc, lambda: tf.clone(lambda) };
  };

  return {
    weights: { kernel, bias },
    state: { lambda },
    apply,
    preview: () => ({ lambda: lambda.dataSync()[0] }),
    dispose: () => tf.dispose([kernel, bias, lambda]),
  };
};
