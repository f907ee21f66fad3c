// Shape inference and bad-input diagnostics of the Hungarian set loss: logits [B, Q, K+1],
// boxes [B, Q, 4], targets [B, M, 4] / [B, M] / [B, M]; M <= Q; one box format on both sides.
import type {
  PortDiagnostic,
  ShapeContext,
  ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import type { HungarianLossParams } from './hungarian-loss.layer';

const TITLE = 'Hungarian Set Loss';
const known = (d: unknown): d is number => typeof d === 'number';

export const inferHungarianLoss = (ctx: ShapeContext<HungarianLossParams>): ShapeResult => {
  const diagnostics: PortDiagnostic[] = [];
  const err = (port: string | undefined, message: string): void => {
    diagnostics.push({ severity: 'error', port, message: `${TITLE}: ${message}` });
  };
  const logits = tensorInput(ctx, 'logits', diagnostics, {
    rank: 3,
    what: 'class logits B x Q x (K+1)',
  });
  const boxes = tensorInput(ctx, 'boxes', diagnostics, {
    rank: 3,
    what: 'predicted boxes B x Q x 4',
  });
  const tBoxes = tensorInput(ctx, 'targetBoxes', diagnostics, {
    rank: 3,
    what: 'target boxes B x M x 4',
  });
  const tLabels = tensorInput(ctx, 'targetLabels', diagnostics, {
    rank: 2,
    what: 'target labels B x M',
  });
  const tMask = tensorInput(ctx, 'targetMask', diagnostics, { rank: 2, what: 'target mask B x M' });
  const { predictionFormat: pf, targetFormat: tf } = ctx.params;
  if (pf !== tf)
    err(
      'targetBoxes',
      `the predicted boxes are ${pf} but the targets are ${tf}, so the L1 and GIoU costs would compare unlike numbers; set predictionFormat and targetFormat to the same layout (a sigmoid box head and the Shapes Detection Set give cxcywh), or change the dataset's boxFormat.`,
    );
  if (boxes && known(boxes.shape[2]) && boxes.shape[2] !== 4)
    err(
      'boxes',
      `boxes end in ${boxes.shape[2]} numbers, not 4 (${pf}); give the box head 4 units.`,
    );
  if (tBoxes && known(tBoxes.shape[2]) && tBoxes.shape[2] !== 4)
    err(
      'targetBoxes',
      `target boxes end in ${tBoxes.shape[2]} numbers, not 4; connect the dataset's boxes output.`,
    );
  if (logits && known(logits.shape[2]) && logits.shape[2] < 2)
    err(
      'logits',
      `logits have ${logits.shape[2]} class; the head needs K classes + 1 (no object), at least 2 units.`,
    );
  if (tLabels && tLabels.dtype !== 'int32')
    err(
      'targetLabels',
      `labels must be int32 class indices, got ${tLabels.dtype}; connect the dataset's labels output.`,
    );
  const q = logits?.shape[1];
  if (
    logits &&
    boxes &&
    formatShape(logits.shape.slice(0, 2)) !== formatShape(boxes.shape.slice(0, 2))
  )
    err(
      'boxes',
      `logits are ${formatShape(logits.shape)} but boxes are ${formatShape(boxes.shape)}: both heads must read the same B x Q decoder outputs.`,
    );
  const m = tBoxes?.shape[1] ?? tLabels?.shape[1];
  for (const [port, t] of [
    ['targetLabels', tLabels],
    ['targetMask', tMask],
  ] as const)
    if (t && known(m) && known(t.shape[1]) && t.shape[1] !== m)
      err(
        port,
        `'${port}' has ${t.shape[1]} slots but targetBoxes has ${m}; connect the outputs of one dataset.`,
      );
  if (known(m) && known(q) && m > q)
    err(
      'targetBoxes',
      `there are ${m} target slots but only ${q} object queries, so some objects could never be matched; raise the number of queries (the object-queries Parameter's first axis) to at least ${m}, or lower the dataset's maxObjects to ${q} or less.`,
    );
  return {
    outputs: {
      loss: tensorType('float32', []),
      classLoss: tensorType('float32', []),
      l1: tensorType('float32', []),
      giou: tensorType('float32', []),
      match: tensorType('int32', [tLabels?.shape[0] ?? 'B', m ?? 'M']),
    },
    diagnostics,
  };
};
