import { describe, expect, it } from 'vitest';
import { createRegistry, defineNode } from '../node-contract/node-definition';
import type { Stage, TesseraDocument } from '../document/document.types';
import { compileLoaded } from './compile';
import { edge, graphDoc, moduleOf, node, objective } from './testing/doc-builder';
import { testEnv, testRegistry } from './testing/test-registry';

/** Like Diffusion Step: x0 is data to be modelled (frozenUpstream), xt goes on to the denoiser. */
const diffuse = defineNode({
  id: 'test/diffuse',
  version: 1,
  title: 'Diffuse',
  category: 'diffusion',
  role: 'layer',
  doc: 'Test q_sample.',
  inputs: [{ name: 'x0', kind: 'tensor', dtype: 'float32', frozenUpstream: true }],
  outputs: [{ name: 'xt', kind: 'tensor', dtype: 'float32' }],
  params: {},
  inferShapes: ({ inputs }) => ({ outputs: { xt: inputs.x0! }, diagnostics: [] }),
  cost: () => ({ params: 0, macs: 0 }),
  build: () => {
    throw new Error('not built in this test');
  },
});

const registry = createRegistry([...testRegistry().all(), diffuse]);

/**
 * Stage 1 trains an autoencoder (module "ae" called by instance "enc") by "rec"; stage 2 diffuses
 * its latents and trains the denoiser "den" by "dn" with the given objective and frozen list.
 */
const twoStages = (updates: string[], frozen?: string[]): TesseraDocument => {
  const stage2: Stage = {
    id: 's2',
    name: 'Latent denoising',
    steps: 10,
    objectives: [objective('opt2', updates, { name: 'Noise prediction' })],
    ...(frozen ? { frozen } : {}),
  };
  return graphDoc(
    [
      node('s', 'test/source'),
      node('enc', 'module/instance', { module: 'ae' }, { label: 'Encoder' }),
      node('rec', 'test/loss', {}, { label: 'Reconstruction' }),
      node('opt1', 'test/optimizer'),
      node('q', 'test/diffuse', {}, { label: 'Diffusion Step' }),
      node('den', 'test/conv', { inChannels: 16, outChannels: 16 }, { label: 'Denoiser' }),
      node('dn', 'test/loss', {}, { label: 'Noise MSE' }),
      node('opt2', 'test/optimizer'),
    ],
    [
      edge('s.out', 'enc.x'),
      edge('enc.y', 'rec.a'),
      edge('rec.loss', 'opt1.loss'),
      edge('enc.y', 'q.x0'),
      edge('q.xt', 'den.x'),
      edge('den.y', 'dn.a'),
      edge('dn.loss', 'opt2.loss'),
    ],
    {
      modules: {
        ae: moduleOf(
          'ae',
          [
            node('in', 'module/input', { name: 'x' }),
            node('conv', 'test/conv', { inChannels: 1, outChannels: 16 }),
            node('out', 'module/output', { name: 'y' }),
          ],
          [edge('in.value', 'conv.x'), edge('conv.y', 'out.value')],
          'Autoencoder',
        ),
      },
      training: {
        seed: 0,
        batchSize: 4,
        checkpointEvery: 0,
        stages: [
          {
            id: 's1',
            name: 'Autoencoder',
            steps: 10,
            objectives: [objective('opt1', ['ae'])],
          },
          stage2,
        ],
      },
    },
  );
};

const problems = (doc: TesseraDocument) =>
  compileLoaded(doc, registry, testEnv).diagnostics.filter((d) => d.severity === 'error');

describe('training check: weights upstream of a frozenUpstream input', () => {
  it('refuses a stage 2 that would train the stage-1 encoder, naming it and the fix', () => {
    for (const updates of [['*'], ['den', 'ae'], ['den', 'enc']]) {
      const found = problems(twoStages(updates));
      expect(found, updates.join(',')).toEqual([
        expect.objectContaining({
          source: 'training',
          nodeId: 'enc',
          message:
            'Stage Latent denoising: objective Noise prediction would train Encoder (module "ae"), which makes the data that Diffusion Step diffuses (its input "x0"), and which stage 1 trained; the loss would move the latents it learns to denoise. Add "ae" to the stage\'s frozen list (or take it out of the objective\'s updates).',
        }),
      ]);
    }
  });

  it('accepts the encoder frozen (by module or instance id) or left out of the updates', () => {
    expect(problems(twoStages(['*'], ['ae']))).toEqual([]);
    expect(problems(twoStages(['*'], ['enc']))).toEqual([]);
    expect(problems(twoStages(['den']))).toEqual([]);
  });

  it('names a plain weighted node upstream, and ignores stages whose loss does not diffuse it', () => {
    const doc = twoStages(['*'], ['ae']);
    // A learned projection between the encoder and the Diffusion Step, trained by stage 2.
    doc.nodes.proj = node(
      'proj',
      'test/conv',
      { inChannels: 16, outChannels: 16 },
      {
        label: 'Latent projection',
      },
    );
    delete doc.edges['enc.y->q.x0'];
    for (const e of [edge('enc.y', 'proj.x'), edge('proj.y', 'q.x0')]) doc.edges[e.id] = e;
    const found = problems(doc);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ nodeId: 'proj' });
    expect(found[0]!.message).toContain('would train Latent projection ("proj")');
    expect(found[0]!.message).toContain('Add "proj" to the stage\'s frozen list');
    // Only stage 2 is named: stage 1 trains the encoder too, but its loss does not reach the Diffusion Step.
    expect(found[0]!.message).toContain('Stage Latent denoising');
  });
});
