// Shape rules shared by the autoregressive density models: an image batch in, one Bernoulli
// logit per pixel out, same shape. b batch, h w spatial, c channels (NHWC); d = h*w*c.
import type {
  ShapeContext,
  ShapeResult,
  PortDiagnostic,
} from '../../../core/node-contract/node-definition';
import type { Shape, TensorType, ValueType } from '../../../core/shapes/tensor-type';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';

/** Number of pixels per example (product of the non-batch dims), or undefined when symbolic. */
export const pixelsPerExample = (t: ValueType | undefined): number | undefined => {
  if (!t || t.kind !== 'tensor' || t.shape.length < 2) return undefined;
  let d = 1;
  for (const dim of t.shape.slice(1)) {
    if (typeof dim !== 'number') return undefined;
    d *= dim;
  }
  return d;
};

/** Checks the 'x' input is a B x H x W x C float image with known H, W, C. */
export const checkImageInput = (
  x: ValueType | undefined,
  nodeTitle: string,
): { type?: TensorType; diagnostics: PortDiagnostic[] } => {
  if (!x)
    return {
      diagnostics: [
        {
          severity: 'error',
          port: 'x',
          message: `${nodeTitle} needs images on x: connect a dataset's image output (B x H x W x C).`,
        },
      ],
    };
  if (x.kind !== 'tensor')
    return {
      diagnostics: [
        {
          severity: 'error',
          port: 'x',
          message: `${nodeTitle} takes a tensor on x, not a model handle: connect an image output.`,
        },
      ],
    };
  if (x.shape.length !== 4)
    return {
      diagnostics: [
        {
          severity: 'error',
          port: 'x',
          message: `${nodeTitle} expects x as B x H x W x C; got ${formatShape(x.shape)}. Reshape the input to rank 4.`,
        },
      ],
    };
  if (pixelsPerExample(x) === undefined)
    return {
      diagnostics: [
        {
          severity: 'error',
          port: 'x',
          message: `${nodeTitle} needs known H, W and C on x to size its weights; got ${formatShape(x.shape)}.`,
        },
      ],
    };
  return { type: x, diagnostics: [] };
};

/** x -> logits with the same shape. */
export const inferLogitsLikeInput = <P>(
  ctx: ShapeContext<P>,
  nodeTitle: string,
  extra: PortDiagnostic[] = [],
): ShapeResult => {
  const { type, diagnostics } = checkImageInput(ctx.inputs.x, nodeTitle);
  if (!type) return { outputs: {}, diagnostics: [...diagnostics, ...extra] };
  const shape: Shape = type.shape;
  return { outputs: { logits: tensorType('float32', shape) }, diagnostics: extra };
};

/** Pixel count for a layer factory, from the build context's input type. */
export const requirePixels = (x: ValueType | undefined, nodeId: string): number => {
  const d = pixelsPerExample(x);
  if (d === undefined)
    throw new Error(
      `Node ${nodeId}: the shape of x is unknown at build time; run shape inference first.`,
    );
  return d;
};
