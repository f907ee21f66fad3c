// Autoregressive sampling of a code grid from a prior module (Esser et al. 2021, sec. 3.2):
// s_i ~ p(s_i | s_<i), position by position in raster order, with temperature and top-k.
// s samples, h w code grid, n = h*w positions, k codebook size
import type {
  TF,
  NodeLayer,
  ApplyContext,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import { knownDim } from '../../attention/shape-helpers';
import { sampleIndex } from './sample-codes';

export interface CodeSamplerParams {
  count: number;
  height: number;
  width: number;
  temperature: number;
  topK: number;
  inputPort: string;
  outputPort: string;
}

/** The grid size: the prior module's declared input H x W when known, else the params. */
export const samplerGrid = (
  params: CodeSamplerParams,
  ctx?: Pick<BuildContext, 'inputs'>,
): { h: number; w: number } => {
  const model = ctx?.inputs['model'];
  const shape = model?.kind === 'model' ? model.inputs[params.inputPort]?.shape : undefined;
  return { h: knownDim(shape?.[1]) ?? params.height, w: knownDim(shape?.[2]) ?? params.width };
};

export const createCodeSampler = (
  tf: TF,
  params: CodeSamplerParams,
  bctx?: BuildContext,
): NodeLayer => {
  const { h, w } = samplerGrid(params, bctx);
  let last: number[] = [];
  return {
    weights: {},
    apply(_inputs, ctx: ApplyContext) {
      const prior = ctx.handles['model'];
      if (!prior)
        throw new Error('sample/code-sampler: connect a prior module handle to the model port.');
      const s = params.count > 0 ? params.count : ctx.batchSize;
      const n = h * w;
      const grid = new Int32Array(s * n);
      // The prior is causal and reads codes shifted behind a start token, so the logits at position i
      // depend only on the codes already drawn; positions not yet drawn hold 0 and are never seen.
      for (let i = 0; i < n; i++) {
        const rows = tf.tidy(() => {
          const codes = tf.tensor3d(grid, [s, h, w], 'int32');
          const logits = prior.call(
            { [params.inputPort]: codes },
            { ...ctx, training: false, batchSize: s },
          )[params.outputPort];
          if (!logits)
            throw new Error(`sample/code-sampler: the prior has no output '${params.outputPort}'.`);
          const k = logits.shape[logits.rank - 1] ?? 1;
          return tf
            .reshape(tf.slice(tf.reshape(logits, [s, n, k]), [0, i, 0], [s, 1, k]), [s, k])
            .arraySync() as number[][];
        });
        rows.forEach((row, b) => {
          grid[b * n + i] = sampleIndex(row, params.temperature, params.topK, ctx.rng);
        });
      }
      last = Array.from(grid);
      return { codes: tf.tensor3d(grid, [s, h, w], 'int32') };
    },
    preview: () => ({ codes: last, height: h, width: w }),
  };
};
