// The memory estimate on real nodes: hand-computed bytes of the conv autoencoder (13,265 params,
// Adam), the slots each algorithm keeps, stages (frozen weights, slots that persist), shared and
// copied modules, the refusal against a limit (the estimate, the largest nodes, the batch size
// that fits), and the weights and optimizer slots against what the engine really allocates.
import { beforeAll, describe, expect, it } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import type { TesseraDocument } from '../document/document.types';
import { nodeRegistry } from '../../nodes/registry';
import { isOptimizerLayer } from '../../nodes/optimize/optimizer/optimizer.layer';
import { initBackend } from '../../main/engine/backend/select-backend';
import { buildProgram } from '../../main/engine/build/build-program';
import { createDataProvider, createShapeEnv } from '../../main/engine/data/data-provider';
import { loadTemplate } from '../../main/engine/testing/engine-fixtures';
import { Trainer } from '../../main/engine/train/trainer';
import { compileDocument } from './compile';
import type { IRProgram } from './ir';
import { optimizerSlots } from './memory-estimate';
import { memoryRefusal } from './memory-limit';
import { edge, graphDoc, moduleOf, node, objective } from './testing/doc-builder';

const env = createShapeEnv();
const compile = (doc: unknown): IRProgram => {
  const r = compileDocument(doc, nodeRegistry, env);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.program!;
};

/** The conv autoencoder's weights: Conv2D 160 + 4640, ConvTranspose2D 8208 + 257 (cost.pass.test). */
const PARAMS = { enc1: 160, enc2: 4640, dec1: 8208, dec2: 257 };
const ALL = 160 + 4640 + 8208 + 257;

describe('memory estimate: templates/conv-autoencoder.json (hand-computed)', () => {
  const program = compile(loadTemplate('conv-autoencoder'));
  const m = program.memory!;

  it('weights, gradients and Adam slots in float32, activations at batch 32', () => {
    expect(m.batchSize).toBe(32);
    expect(m.weightBytes).toBe(ALL * 4);
    expect(m.gradientBytes).toBe(ALL * 4);
    expect(m.optimizerBytes).toBe(2 * ALL * 4); // Adam: m and v per weight
    expect(m.activationBytes).toBe(program.cost!.activationBytes);
    // The first conv's output alone: 32 x 14 x 14 x 16 floats.
    expect(m.activationBytes).toBeGreaterThan(32 * 14 * 14 * 16 * 4);
    expect(m.totalBytes).toBe(4 * ALL * 4 + m.activationBytes);
    expect(m.unknown).toEqual([]);
    expect(m.stages.map((s) => s.totalBytes)).toEqual([m.totalBytes]);
  });

  it('gives each node its weights, their training state and its outputs', () => {
    expect(program.graph.nodes.enc1!.memory).toEqual({
      weightBytes: 640,
      gradientBytes: 640,
      optimizerBytes: 1280,
      activationBytes: 32 * 14 * 14 * 16 * 4,
      trainedBy: ['adam'],
      atLeast: false,
    });
    expect(program.graph.nodes['enc1-relu']!.memory).toMatchObject({
      weightBytes: 0,
      optimizerBytes: 0,
      activationBytes: 32 * 14 * 14 * 16 * 4,
    });
  });

  it('names the largest contributors first', () => {
    const top = m.contributors.slice(0, 2).map((c) => c.nodeId);
    // dec1's 8,208 weights x 4 slots and its 32 x 14 x 14 x 16 output outweigh enc1's 160.
    expect(top[0]).toBe('dec1');
    expect(m.contributors.every((c, i, a) => i === 0 || a[i - 1]!.bytes >= c.bytes)).toBe(true);
  });

  it('doubles the activations, not the weights, at twice the batch size', () => {
    const doc = loadTemplate('conv-autoencoder');
    doc.training.batchSize = 64;
    const m64 = compile(doc).memory!;
    expect(m64.weightBytes + m64.optimizerBytes).toBe(m.weightBytes + m.optimizerBytes);
    // Everything scales with B except the scalar loss (4 bytes).
    expect(m64.activationBytes).toBe(2 * m.activationBytes - 4);
  });
});

describe('memory estimate: optimizers and stages', () => {
  const withOptimizer = (algorithm: string, momentum: number) => {
    const doc = loadTemplate('conv-autoencoder');
    doc.nodes.adam!.params = { ...doc.nodes.adam!.params, algorithm, momentum };
    return compile(doc).memory!;
  };

  it('keeps 2 slots for Adam and AdamW, 1 (+1 with momentum) for RMSprop, 0 or 1 for SGD', () => {
    expect([optimizerSlots('adam', 0), optimizerSlots('adamw', 0.9)]).toEqual([2, 2]);
    expect([optimizerSlots('rmsprop', 0), optimizerSlots('rmsprop', 0.9)]).toEqual([1, 2]);
    expect([optimizerSlots('sgd', 0), optimizerSlots('sgd', 0.9)]).toEqual([0, 1]);
    expect(withOptimizer('sgd', 0).optimizerBytes).toBe(0);
    expect(withOptimizer('sgd', 0.9).optimizerBytes).toBe(ALL * 4);
    expect(withOptimizer('rmsprop', 0.9).optimizerBytes).toBe(2 * ALL * 4);
  });

  it('per stage: gradients of what trains, slots that persist, frozen weights left out', () => {
    const doc = loadTemplate('conv-autoencoder');
    const base = doc.training.stages[0]!;
    doc.training.stages = [
      { ...base, id: 'enc', name: 'Encoder', objectives: [objective('adam', ['enc1', 'enc2'])] },
      { ...base, id: 'dec', name: 'Decoder', objectives: [objective('adam', ['dec1', 'dec2'])] },
      {
        ...base,
        id: 'all',
        name: 'All but enc1',
        frozen: ['enc1'],
        objectives: [objective('adam', ['*'])],
      },
    ];
    const m = compile(doc).memory!;
    const enc = PARAMS.enc1 + PARAMS.enc2;
    const dec = PARAMS.dec1 + PARAMS.dec2;
    expect(m.stages.map((s) => [s.id, s.gradientBytes / 4, s.optimizerBytes / 8])).toEqual([
      ['enc', enc, enc],
      ['dec', dec, enc + dec], // Adam's slots for the encoder stay allocated
      ['all', ALL - PARAMS.enc1, ALL],
    ]);
    // The last stage trains nearly every weight and holds every slot: the run needs it.
    expect(m.peakStage).toBe('all');
    expect(m.totalBytes).toBe(Math.max(...m.stages.map((s) => s.totalBytes)));
  });

  it('counts shared module weights once, a copy again, and trains them by module id', () => {
    // A [B, 8] noise, a Dense 8 -> 4 module (36 params) called by two shared instances and a copy.
    const doc: TesseraDocument = graphDoc(
      [
        node('noise', 'gan/latent-noise', { dim: 8, distribution: 'normal' }),
        node('s1', 'module/instance', { module: 'm', weights: 'shared' }),
        node('s2', 'module/instance', { module: 'm', weights: 'shared' }),
        node('c1', 'module/instance', { module: 'm', weights: 'copy' }),
        node('loss', 'math/mean', { axes: [] }),
        node('opt', 'optimize/optimizer', { algorithm: 'adam' }),
      ],
      [
        edge('noise.z', 's1.x'),
        edge('noise.z', 's2.x'),
        edge('noise.z', 'c1.x'),
        edge('c1.y', 'loss.x'),
        edge('loss.y', 'opt.loss'),
      ],
      {
        modules: {
          m: moduleOf(
            'm',
            [
              node('in', 'module/input', { name: 'x', shape: '', dtype: 'float32' }),
              node('fc', 'layers/dense', { units: 4, bias: true, init: 'glorot-uniform' }),
              node('out', 'module/output', { name: 'y' }),
            ],
            [edge('in.value', 'fc.x'), edge('fc.y', 'out.value')],
            'Head',
          ),
        },
      },
    );
    doc.training.stages = [{ id: 's', name: 'S', steps: 1, objectives: [objective('opt', ['m'])] }];
    const p = compile(doc);
    expect(p.memory!.weightBytes).toBe(72 * 4); // the shared set and the copy
    expect(p.memory!.optimizerBytes).toBe(2 * 72 * 4);
    expect(p.modules.m!.nodes.fc!.memory).toMatchObject({ weightBytes: 144, optimizerBytes: 288 });
    doc.training.stages[0]!.objectives = [objective('opt', ['c1'])];
    expect(compile(doc).memory!.optimizerBytes).toBe(2 * 36 * 4);
  });
});

describe('memory refusal', () => {
  const m = compile(loadTemplate('conv-autoencoder')).memory!;

  it('lets a run that fits through', () => {
    expect(memoryRefusal(m, { bytes: m.totalBytes, what: 'a test limit' })).toBeUndefined();
  });

  it('refuses a run past the limit with the estimate, the largest nodes and the batch size that fits', () => {
    const limit = { bytes: 1024 * 1024, what: 'a 1 MiB test limit' };
    const d = memoryRefusal(m, limit)!;
    expect(d.severity).toBe('error');
    expect(d.source).toBe('memory');
    expect(d.nodeId).toBe('dec1');
    expect(d.message).toMatch(
      /^Training needs about 2\.4 MiB at batch size 32 \(weights 51\.8 KiB, gradients 51\.8 KiB, optimizer state 104 KiB, activations 2\.2 MiB\), more than a 1 MiB test limit \(1 MiB\)\. Largest: /,
    );
    // (1 MiB - weights and state) / activations per example.
    const fits = Math.floor((limit.bytes - 4 * ALL * 4) / (m.activationBytes / 32));
    expect(d.message).toContain(`Lower the batch size to ${fits} or less (training.batchSize)`);
    expect(fits).toBeGreaterThan(0);
  });

  it('says the batch size cannot help when the weights alone do not fit', () => {
    const d = memoryRefusal(m, { bytes: 100_000, what: 'a tiny limit' })!;
    expect(d.message).toContain('The weights and their training state alone need 207 KiB');
    expect(d.message).toContain('make ConvTranspose2D');
  });

  it('says when even batch size 1 does not fit', () => {
    const fixed = 4 * ALL * 4 + m.batchFreeActivationBytes;
    const d = memoryRefusal(m, { bytes: fixed + 10, what: 'a tight limit' })!;
    expect(d.message).toContain('It does not fit even at batch size 1: make ConvTranspose2D');
  });

  it('counts outputs without a batch axis (a Parameter) as not shrinking with the batch', () => {
    const doc = loadTemplate('conv-autoencoder');
    // A 1024 x 1024 x 64 Parameter: 256 MiB of output whatever the batch size.
    doc.nodes.table = node('table', 'math/parameter', { shape: [1024, 1024, 64], init: 'zeros' });
    const p = compileDocument(doc, nodeRegistry, env, {
      memoryLimit: { bytes: 200 * 1024 ** 2, what: 'a 200 MiB limit' },
    }).program!;
    expect(p.memory!.batchFreeActivationBytes).toBe(1024 * 1024 * 64 * 4 + 4); // and the loss
    const d = p.diagnostics.find((x) => x.source === 'memory')!;
    expect(d.message).toContain(
      'The weights, their training state and the outputs that do not grow with the batch alone need 256 MiB',
    );
  });

  it('is reported by compileDocument when a limit is given, not without one', () => {
    const doc = loadTemplate('conv-autoencoder');
    const limited = compileDocument(doc, nodeRegistry, env, {
      memoryLimit: { bytes: 1024 * 1024, what: 'a test limit' },
    });
    expect(limited.diagnostics.filter((x) => x.source === 'memory')).toHaveLength(1);
    expect(compileDocument(doc, nodeRegistry, env).diagnostics).toEqual([]);
  });
});

describe('memory estimate against the engine', () => {
  let tf: typeof tfjs;
  beforeAll(async () => {
    tf = (await initBackend({ backend: 'cpu' })).tf;
  });

  it('templates/conv-autoencoder.json: weights and Adam slots as allocated after a step', async () => {
    const doc = loadTemplate('conv-autoencoder');
    doc.training.batchSize = 4;
    const program = compile(doc);
    const built = await buildProgram(tf, program, { data: createDataProvider(), seed: 1 });
    try {
      let weights = 0;
      for (const set of built.sets)
        for (const layer of set.layers.values())
          for (const v of Object.values(layer.weights)) weights += v.size;
      expect(weights * 4).toBe(program.memory!.weightBytes);
      const trainer = new Trainer(built, { steps: 1 });
      trainer.runStep();
      let slots = 0;
      for (const layer of built.optimizers.values())
        if (isOptimizerLayer(layer))
          for (const [k, t] of Object.entries(layer.saveState()))
            if (k.startsWith('slot/')) slots += t.size;
      expect(slots * 4).toBe(program.memory!.optimizerBytes);
    } finally {
      built.dispose();
    }
  });
});
