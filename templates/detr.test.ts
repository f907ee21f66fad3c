// Every template is a smoke test: DETR compiles cleanly from modules of primitives (conv backbone,
// the shipped transformer block as encoder, decoder blocks with cross-attention, a Parameter of
// object queries), learns on the Shapes Detection Set through the app's Trainer (the set loss falls
// below a stated bound), renders its box preview, refuses bad input with a diagnostic on the loss
// node. Its export (3 steps at batch 4 reproduce the app's losses) is checked with every template
// in main/engine/export/export-templates.test.ts.
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { compileDocument } from '../core/graph/compile';
import { nodeRegistry } from '../nodes/registry';
import { initBackend } from '../main/engine/backend/select-backend';
import { createShapeEnv } from '../main/engine/data/data-provider';
import { compileAndBuild, loadTemplate } from '../main/engine/testing/engine-fixtures';
import { renderPreview } from '../main/engine/train/previews';
import { Trainer } from '../main/engine/train/trainer';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const t = (shape: (string | number)[], dtype = 'float32') => ({ kind: 'tensor', dtype, shape });

describe('templates/detr.json', () => {
  it('compiles with no diagnostics; DETR is modules of primitives with the expected shapes', () => {
    const r = compileDocument(loadTemplate('detr'), nodeRegistry, createShapeEnv());
    expect(r.diagnostics).toEqual([]);
    const program = r.program!;
    const inner = (m: string, node: string, port = 'y') =>
      program.modules[m]!.nodes[node]?.outputTypes[port];
    expect(inner('detr', 'relu3')).toEqual(t(['B', 8, 8, 64]));
    expect(inner('detr', 'pos')).toEqual(t(['B', 8, 8, 32]));
    expect(inner('detr', 'tokens')).toEqual(t(['B', 64, 32]));
    expect(inner('detr', 'enc1')).toEqual(t(['B', 64, 32]));
    expect(inner('detr', 'queries')).toEqual(t([8, 32]));
    expect(inner('detr', 'tgt')).toEqual(t(['B', 8, 32]));
    expect(inner('detr', 'dec2')).toEqual(t(['B', 8, 32]));
    // The encoder is the shipped transformer block, the decoder a block with cross-attention, both at width 32.
    expect(program.specializations).toEqual({
      detr: ['detr'],
      'transformer-block': ['transformer-block(heads=2,hidden=64,width=32)'],
      'decoder-block': ['decoder-block(heads=2,hidden=64,width=32)'],
    });
    // Cross-attention: 8 queries over the 64 image tokens, 2 heads.
    expect(inner('decoder-block(heads=2,hidden=64,width=32)', 'cross', 'attention')).toEqual(
      t(['B', 2, 8, 64]),
    );
    const out = (id: string, port: string) => program.graph.nodes[id]?.outputTypes[port];
    expect(out('detr', 'logits')).toEqual(t(['B', 8, 4]));
    expect(out('detr', 'boxes')).toEqual(t(['B', 8, 4]));
    expect(out('data', 'labels')).toEqual(t(['B', 4], 'int32'));
    expect(out('loss', 'match')).toEqual(t(['B', 4], 'int32'));
    expect(out('overlay', 'y')).toEqual(t(['B', 128, 128, 3]));
  });

  it('bad input is a diagnostic on the loss node: fewer queries than targets, box formats that disagree', () => {
    const doc = loadTemplate('detr');
    doc.modules['detr']!.nodes['queries']!.params.shape = [3, 32];
    doc.nodes['loss']!.params.predictionFormat = 'xyxy';
    const d = compileDocument(doc, nodeRegistry, createShapeEnv()).diagnostics;
    const onLoss = d.filter((x) => x.nodeId === 'loss').map((x) => x.message);
    expect(onLoss.some((m) => /4 target slots but only 3 object queries/.test(m))).toBe(true);
    expect(onLoss.some((m) => /predicted boxes are xyxy but the targets are cxcywh/.test(m))).toBe(
      true,
    );
  });

  it('learns: the set loss of 40 steps (batch 8) falls below 4.6 from about 5.5, and the box preview renders', async () => {
    const doc = loadTemplate('detr');
    doc.training.batchSize = 8;
    doc.training.checkpointEvery = 0;
    const built = await compileAndBuild(tf, doc);
    const trainer = new Trainer(built, { steps: 40 });
    const losses: number[] = [];
    while (!trainer.done) losses.push(trainer.runStep().losses['Hungarian set loss'] ?? NaN);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(losses.slice(0, 5));
    const last = mean(losses.slice(-5));
    expect(first).toBeGreaterThan(5);
    expect(last).toBeLessThan(4.6);
    const preview = renderPreview(built, doc.previews['boxes']!, 'test', 40);
    expect(preview?.event.image?.width).toBeGreaterThan(128);
    expect(preview?.png?.subarray(1, 4).toString()).toBe('PNG');
    built.dispose();
  }, 240_000);
});
