import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, infer, paramsOf } from '../../shared/test-kit';
import { hungarianLossNode } from './hungarian-loss.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// One image, 3 queries, 2 classes + no object, 3 target slots (2 objects + 1 padding), cxcywh.
// t0 = (0.25, 0.25, 0.2, 0.2) class 0, t1 = (0.7, 0.7, 0.3, 0.3) class 1.
// q0 sits exactly on t1; q2 is t0 shifted right by 0.05; q1 is far from both.
const logits = [
  [0, 2, 0],
  [0, 0, 1],
  [1, 0, 0],
];
const boxes = [
  [0.7, 0.7, 0.3, 0.3],
  [0.5, 0.5, 0.1, 0.1],
  [0.3, 0.25, 0.2, 0.2],
];
const targets = {
  boxes: [
    [0.25, 0.25, 0.2, 0.2],
    [0.7, 0.7, 0.3, 0.3],
    [0, 0, 0, 0],
  ],
  labels: [0, 1, 2],
  mask: [1, 1, 0],
};

const run = (
  lg: number[][],
  bx: tf.Tensor,
  t: typeof targets,
  given: Record<string, unknown> = {},
): Record<string, tf.Tensor> => {
  const layer = hungarianLossNode.build(
    tf,
    paramsOf(hungarianLossNode, given) as never,
    {} as never,
  ) as {
    apply: (i: Record<string, tf.Tensor>, c: unknown) => Record<string, tf.Tensor>;
  };
  return layer.apply(
    {
      logits: tf.tensor3d([lg]),
      boxes: bx,
      targetBoxes: tf.tensor3d([t.boxes]),
      targetLabels: tf.tensor2d([t.labels], undefined, 'int32'),
      targetMask: tf.tensor2d([t.mask]),
    },
    applyCtx({ batchSize: 1 }),
  );
};

const nll = (l: number[], c: number) => Math.log(l.reduce((s, v) => s + Math.exp(v), 0)) - l[c]!;

describe('detection/hungarian-loss', () => {
  it('matches each target to its query and gives the hand-computed loss', () => {
    const out = run(logits, tf.tensor3d([boxes]), targets);
    expect([...out.match!.dataSync()]).toEqual([2, 0, -1]);
    // CE over all queries: q0 -> class 1, q2 -> class 0, q1 -> no object with weight 0.1.
    const ce = (nll(logits[0]!, 1) + 0.1 * nll(logits[1]!, 2) + nll(logits[2]!, 0)) / 2.1;
    // L1: q0 exact, q2 off by 0.05 in cx -> 0.05 / 2 targets.
    // GIoU(q2, t0): xyxy [0.2,.15,.4,.35] vs [.15,.15,.35,.35]: inter .03, union .05, hull .05 -> 0.6.
    expect(out.classLoss!.dataSync()[0]).toBeCloseTo(ce, 5);
    expect(out.l1!.dataSync()[0]).toBeCloseTo(0.025, 6);
    expect(out.giou!.dataSync()[0]).toBeCloseTo((0 + 0.4) / 2, 5);
    expect(out.loss!.dataSync()[0]).toBeCloseTo(ce + 5 * 0.025 + 2 * 0.2, 5);
  });

  it('does not depend on the order of the targets', () => {
    const swapped = {
      boxes: [targets.boxes[2]!, targets.boxes[1]!, targets.boxes[0]!],
      labels: [2, 1, 0],
      mask: [0, 1, 1],
    };
    const a = run(logits, tf.tensor3d([boxes]), targets);
    const b = run(logits, tf.tensor3d([boxes]), swapped);
    expect([...b.match!.dataSync()]).toEqual([-1, 0, 2]);
    expect(b.loss!.dataSync()[0]).toBeCloseTo(a.loss!.dataSync()[0]!, 6);
  });

  it('the gradient reaches the matched boxes only; every query gets a class gradient', () => {
    const gBoxes = tf.grad((bx: tf.Tensor) => run(logits, bx, targets).loss!)(tf.tensor3d([boxes]));
    const g = gBoxes.arraySync() as number[][][];
    expect(g[0]![1]).toEqual([0, 0, 0, 0]); // q1 is unmatched
    expect(Math.abs(g[0]![2]![0]!)).toBeGreaterThan(0.1); // q2 is pulled left towards t0
    expect(g[0]![2]![0]!).toBeGreaterThan(0);
    const layer = () =>
      hungarianLossNode.build(tf, paramsOf(hungarianLossNode) as never, {} as never) as {
        apply: (i: Record<string, tf.Tensor>, c: unknown) => Record<string, tf.Tensor>;
      };
    const gLogits = tf.grad(
      (lg: tf.Tensor) =>
        layer().apply(
          {
            logits: lg,
            boxes: tf.tensor3d([boxes]),
            targetBoxes: tf.tensor3d([targets.boxes]),
            targetLabels: tf.tensor2d([targets.labels], undefined, 'int32'),
            targetMask: tf.tensor2d([targets.mask]),
          },
          applyCtx({ batchSize: 1 }),
        ).loss!,
    )(tf.tensor3d([logits]));
    const gl = gLogits.arraySync() as number[][][];
    // The no-object query's gradient is 0.1 x as strong as a matched one's, pushing towards class 2.
    expect(gl[0]![1]![2]!).toBeLessThan(0);
    expect(Math.abs(gl[0]![1]![2]!)).toBeLessThan(Math.abs(gl[0]![0]![1]!));
  });

  const types = (q: number, m: number) => ({
    logits: tensorType('float32', ['B', q, 3]),
    boxes: tensorType('float32', ['B', q, 4]),
    targetBoxes: tensorType('float32', ['B', m, 4]),
    targetLabels: tensorType('int32', ['B', m]),
    targetMask: tensorType('float32', ['B', m]),
  });

  it('infers scalars and the B x M match, with no diagnostics for good input', () => {
    const r = infer(hungarianLossNode, types(8, 6));
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.match).toEqual(tensorType('int32', ['B', 6]));
    expect(r.outputs.loss).toEqual(tensorType('float32', []));
  });

  it('names the node and the fix when box formats disagree', () => {
    const d = infer(hungarianLossNode, types(8, 6), { predictionFormat: 'xyxy' }).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.port).toBe('targetBoxes');
    expect(d[0]!.message).toMatch(
      /^Hungarian Set Loss: the predicted boxes are xyxy but the targets are cxcywh/,
    );
    expect(d[0]!.message).toMatch(/set predictionFormat and targetFormat to the same layout/);
  });

  it('names the fix when there are more targets than queries', () => {
    const d = infer(hungarianLossNode, types(4, 6)).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/6 target slots but only 4 object queries/);
    expect(d[0]!.message).toMatch(
      /raise the number of queries .* or lower the dataset's maxObjects to 4/,
    );
  });

  it('refuses boxes that are not 4 numbers and heads of different query counts', () => {
    const t = types(8, 6);
    const d = infer(hungarianLossNode, {
      ...t,
      boxes: tensorType('float32', ['B', 7, 2]),
    }).diagnostics;
    expect(d.map((x) => x.port)).toEqual(['boxes', 'boxes']);
    expect(d[0]!.message).toMatch(/give the box head 4 units/);
  });
});
