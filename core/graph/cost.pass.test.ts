// The cost pass on real nodes: hand-computed costs of the conv autoencoder, sharing rules on
// modules, unknown dims, and the params every declared cost gives against the weights the engine
// builds (VQ-VAE, DCGAN, the transformer block).
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import type { TesseraDocument } from '../document/document.types';
import { evalDim, perExample } from '../node-contract/cost';
import { nodeRegistry } from '../../nodes/registry';
import transformerBlock from '../../templates/blocks/transformer-block.json';
import { initBackend } from '../../main/engine/backend/select-backend';
import { buildProgram } from '../../main/engine/build/build-program';
import { createDataProvider, createShapeEnv } from '../../main/engine/data/data-provider';
import { loadTemplate } from '../../main/engine/testing/engine-fixtures';
import { compileDocument, compileLoaded } from './compile';
import { ACTIVATION_INFO_BYTES } from './cost.pass';
import type { IRProgram } from './ir';
import { edge, graphDoc, moduleOf, node } from './testing/doc-builder';

const env = createShapeEnv();
const compile = (doc: unknown): IRProgram => {
  const r = compileDocument(doc, nodeRegistry, env);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  return r.program!;
};

describe('cost helpers', () => {
  it('reads B as the batch size and arithmetic on it; other names are unknown', () => {
    expect(evalDim(28, 32)).toBe(28);
    expect(evalDim('B', 32)).toBe(32);
    expect(evalDim('B*2', 32)).toBe(64);
    expect(evalDim('(B+1)/2', 32)).toBe(16);
    expect(evalDim('N', 32)).toBeUndefined();
    expect(evalDim('H/4', 32)).toBeUndefined();
    expect(evalDim('Batch', 32)).toBeUndefined();
    expect(evalDim('?', 32)).toBeUndefined();
    expect(perExample(['B', 14, 14], 32, 'y')).toBe(196);
    expect(perExample(['B*2', 10], 32, 'y')).toBe(20);
    expect(perExample([64, 16], 32, 'codebook')).toBe(1024);
    expect(() => perExample(['B', 'N', 8], 32, "input 'x'")).toThrow(/named dim 'N'/);
  });
});

describe('cost pass: templates/conv-autoencoder.json (hand-computed)', () => {
  const program = compile(loadTemplate('conv-autoencoder'));
  const n = program.graph.nodes;

  it('gives every layer its params, MACs per example and activation bytes at batch 32', () => {
    // Conv2D 1 -> 16, k3, s2 on 28x28: 3*3*1*16 + 16; 14*14 outputs * 3*3*1*16.
    expect(n.enc1!.cost).toEqual({
      params: 160,
      macs: 28224,
      activationBytes: 32 * 14 * 14 * 16 * 4,
    });
    // Conv2D 16 -> 32, k3, s2 on 14x14: 3*3*16*32 + 32; 7*7 * 3*3*16*32.
    expect(n.enc2!.cost).toMatchObject({ params: 4640, macs: 225792 });
    // ConvTranspose2D 32 -> 16, k4, s2: 4*4*16*32 + 16; every one of 7*7 inputs scatters 4*4*32*16.
    expect(n.dec1!.cost).toMatchObject({ params: 8208, macs: 401408 });
    // ConvTranspose2D 16 -> 1, k4, s2: 4*4*1*16 + 1; 14*14 * 4*4*16*1.
    expect(n.dec2!.cost).toMatchObject({ params: 257, macs: 50176 });
  });

  it('counts nodes without weights as 0 params and one operation per output element', () => {
    expect(n['enc1-relu']!.cost).toEqual({
      params: 0,
      macs: 14 * 14 * 16,
      activationBytes: 32 * 14 * 14 * 16 * 4,
    });
  });

  it('sums the graph: known params and MACs, the unknown nodes named', () => {
    const c = program.cost!;
    expect(c.params).toBe(160 + 4640 + 8208 + 257);
    // The four layers, then the weightless nodes' elementwise work: three ReLUs, the sigmoid,
    // MNIST's image and label, the scalar loss.
    expect(c.macs).toBe(
      28224 + 225792 + 401408 + 50176 + (3136 + 1568 + 3136) + 784 + (784 + 1) + 1,
    );
    expect(c.batchSize).toBe(32);
    expect(c.unknownParams).toEqual([]);
    // The four layers' outputs alone: 32 x (14*14*16 + 7*7*32 + 14*14*16 + 28*28*1) floats.
    expect(c.activationBytes).toBeGreaterThan(32 * 4 * (3136 + 1568 + 3136 + 784));
  });

  it('adds one info, no warning, when a step needs more than 4 GiB of activations', () => {
    const doc = loadTemplate('conv-autoencoder');
    // Past the batch size a file may hold (4096): an edit in the editor, compiled as loaded.
    doc.training.batchSize = 100_000;
    const r = compileLoaded(doc, nodeRegistry, env);
    const mine = r.diagnostics.filter((d) => d.source === 'cost');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.severity).toBe('info');
    expect(mine[0]!.message).toMatch(/GiB of activations at batch size 100000/);
    expect(r.program!.cost!.activationBytes).toBeGreaterThan(ACTIVATION_INFO_BYTES);
    expect(
      compileDocument(loadTemplate('conv-autoencoder'), nodeRegistry, env).diagnostics,
    ).toEqual([]);
  });
});

/** A [B, 8] source, a Dense 8 -> 4 module called by two shared instances and one copy. */
const sharingDoc = (): TesseraDocument =>
  graphDoc(
    [
      node('noise', 'gan/latent-noise', { dim: 8, distribution: 'normal' }),
      node('s1', 'module/instance', { module: 'm', weights: 'shared' }),
      node('s2', 'module/instance', { module: 'm', weights: 'shared' }),
      node('c1', 'module/instance', { module: 'm', weights: 'copy' }),
    ],
    [edge('noise.z', 's1.x'), edge('noise.z', 's2.x'), edge('noise.z', 'c1.x')],
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

describe('cost pass: modules', () => {
  it('counts shared weights once and a copy again, MACs once per call', () => {
    const p = compile(sharingDoc());
    expect(p.modules.m!.cost).toMatchObject({ params: 36, macs: 32, unknownParams: [] });
    expect(p.graph.nodes.s1!.cost).toMatchObject({ params: 36, macs: 32, shared: true });
    expect(p.graph.nodes.c1!.cost).toEqual({ params: 36, macs: 32, activationBytes: 32 * 4 * 4 });
    expect(p.cost!.params).toBe(72);
    expect(p.cost!.macs).toBe(96);
  });

  it('makes a node with an unknown named dim "?" with the reason, keeping the rest', () => {
    const doc = sharingDoc();
    doc.nodes = {};
    doc.edges = {};
    doc.modules.m!.nodes.in!.params = { name: 'x', shape: 'B, N, 8', dtype: 'float32' };
    doc.nodes.h = node('h', 'module/handle', { module: 'm' });
    const p = compile(doc);
    const fc = p.modules.m!.nodes.fc!;
    expect(fc.cost?.params).toBeUndefined();
    expect(fc.cost?.macs).toBeUndefined();
    expect(fc.cost?.reason).toMatch(
      /input 'x' \(B x N x 8\) has the named dim 'N', whose size is not known/,
    );
    expect(p.modules.m!.cost!.unknownParams).toEqual(['Head › Dense']);
    expect(p.graph.nodes.h!.cost).toMatchObject({ params: 0, atLeast: true, shared: true });
  });
});

describe('cost pass against the weights the engine builds', () => {
  let tf: typeof tfjs;
  beforeAll(async () => {
    tf = (await initBackend({ backend: 'cpu' })).tf;
  });

  /** Per node with a declared cost: its params equal its weights' sizes; their sum is the total. */
  const compareWithEngine = async (program: IRProgram, seed = 1) => {
    const built = await buildProgram(tf, program, { data: createDataProvider(), seed });
    let declared = 0;
    let sum = 0;
    for (const set of built.sets) {
      if (set.kind === 'ema') continue;
      for (const [id, layer] of set.layers) {
        const n = set.graph.nodes[id]!;
        if (!n.def?.cost) continue;
        declared++;
        const size = Object.values(layer.weights).reduce((a, v) => a + v.size, 0);
        expect(n.cost?.params, `${set.prefix}${id}`).toBe(size);
        sum += size;
      }
    }
    expect(program.cost!.params).toBe(sum);
    built.dispose();
    return declared;
  };

  it('templates/vq-vae.json: its coarse blocks declare no cost, so params stay unknown', async () => {
    const p = compile(loadTemplate('vq-vae'));
    expect(p.graph.nodes.encoder!.cost?.reason).toBe('Conv encoder declares no cost');
    expect(p.cost!.unknownParams).toEqual(expect.arrayContaining(['Encoder', 'Quantizer']));
    expect(p.graph.nodes.vq!.cost?.activationBytes).toBeGreaterThan(0);
    expect(await compareWithEngine(p)).toBe(4); // data, loss, optimizer, and the weightless ones
  });

  it('templates/conv-autoencoder.json: 13,265 params, as built', async () => {
    expect(await compareWithEngine(compile(loadTemplate('conv-autoencoder')))).toBe(11);
  });

  it('templates/dcgan.json: shared generator and critic counted once, the critic called twice', async () => {
    const doc = loadTemplate('dcgan');
    // The Fréchet distance trains its own classifier when built (minutes on cpu): leave it out.
    delete doc.nodes.fid;
    delete doc.previews.fid;
    for (const [id, e] of Object.entries(doc.edges))
      if (e.target.node === 'fid') delete doc.edges[id];
    const p = compile(doc);
    expect(await compareWithEngine(p)).toBeGreaterThan(4);
    const g = p.modules.generator!.cost!;
    const d = p.modules.critic!.cost!;
    expect(p.cost!.params).toBe(g.params + d.params);
    // Plus the top level's own weightless work (data, noise, losses).
    const own = Object.values(p.graph.nodes)
      .filter((n) => !n.type.startsWith('module/'))
      .reduce((m, n) => m + (n.cost?.macs ?? 0), 0);
    expect(own).toBeGreaterThan(0);
    expect(p.cost!.macs).toBe(g.macs + 2 * d.macs + own);
  });

  it('the transformer block (dense, layer norm, multi-head attention) at D 64, N 16', async () => {
    const doc = structuredClone(transformerBlock) as unknown as TesseraDocument;
    const id = Object.keys(doc.modules)[0]!;
    const mod = doc.modules[id]!;
    mod.nodes.in!.params = { ...mod.nodes.in!.params, shape: 'B, 16, 64' };
    doc.nodes = { h: node('h', 'module/handle', { module: id }) };
    doc.edges = {};
    const p = compile(doc);
    const inner = p.modules[id]!.nodes;
    expect(inner.attn!.cost).toMatchObject({
      params: 4 * 64 * 64 + 4 * 64,
      macs: 4 * 16 * 64 * 64 + 2 * 16 * 16 * 64,
    });
    expect(inner.ln1!.cost).toMatchObject({ params: 128, macs: 16 * 64 });
    expect(inner.fc1!.cost).toMatchObject({ params: 64 * 256 + 256, macs: 16 * 64 * 256 });
    expect(p.modules[id]!.cost!.params).toBe(128 + 16640 + 128 + 16640 + 16448);
    expect(await compareWithEngine(p)).toBe(8);
  });
});
