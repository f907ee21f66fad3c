import { describe, it, expect } from 'vitest';
import { compileLoaded } from './compile';
import { testEnv, testRegistry } from './testing/test-registry';
import { edge, graphDoc, node, objective } from './testing/doc-builder';
import type { Objective, Preview, TesseraDocument } from '../document/document.types';

const registry = testRegistry();

const withTraining = (
  objectives: Objective[],
  more: Partial<TesseraDocument> = {},
  reduction = 'mean',
): TesseraDocument =>
  graphDoc(
    [
      node('s', 'test/source'),
      node('c', 'test/conv'),
      node('mse', 'test/loss', { reduction }, { label: 'Recon loss' }),
      node('adam', 'test/optimizer', {}, { label: 'Adam G' }),
    ],
    [edge('s.out', 'c.x'), edge('c.y', 'mse.a'), edge('mse.loss', 'adam.loss')],
    {
      training: {
        seed: 0,
        batchSize: 4,
        checkpointEvery: 0,
        stages: [{ id: 's1', name: 'Stage 1', steps: 10, objectives }],
      },
      ...more,
    },
  );

const messages = (doc: TesseraDocument): string[] =>
  compileLoaded(doc, registry, testEnv).diagnostics.map((d) => d.message);

describe('training pass', () => {
  it('accepts a valid objective', () => {
    expect(messages(withTraining([objective('adam', ['c'])]))).toEqual([]);
  });

  it('reports an objective naming a missing optimizer, listing the optimizers', () => {
    const r = compileLoaded(withTraining([objective('sgd', ['c'])]), registry, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        source: 'training',
        path: '/training/stages/0/objectives/0/optimizer',
        message: expect.stringContaining(
          'uses optimizer "sgd", which does not exist; choose one of Adam G ("adam")',
        ),
      }),
    ]);
  });

  it('reports an objective whose optimizer is not an optimizer', () => {
    expect(messages(withTraining([objective('mse', ['c'])]))[0]).toContain(
      'uses Recon loss as its optimizer, but MSE is not an optimizer',
    );
  });

  it('checks updates, every, from and clipGradNorm', () => {
    const msgs = messages(
      withTraining([objective('adam', ['c', 'ghost'], { every: 0, from: -1, clipGradNorm: -2 })]),
    );
    expect(msgs).toHaveLength(4);
    expect(msgs[0]).toContain('updates "ghost", which is no node or module');
    expect(msgs[1]).toContain('set every to a whole number from 1 to 1000000');
    expect(msgs[2]).toContain('set from to a whole number from 0 to 10000000');
    expect(msgs[3]).toContain('clipGradNorm');
  });

  it("accepts '*' in updates (every weight) and still refuses unknown ids", () => {
    expect(messages(withTraining([objective('adam', ['*'])]))).toEqual([]);
    expect(messages(withTraining([objective('adam', ['*', 'nope'])]))).toEqual([
      expect.stringContaining('updates "nope", which is no node or module'),
    ]);
  });

  it('accepts module ids in updates', () => {
    const doc = withTraining([objective('adam', ['enc'])], {
      modules: { enc: { id: 'enc', name: 'Enc', params: {}, nodes: {}, edges: {} } },
    });
    expect(messages(doc).filter((m) => !m.includes('no Module Output'))).toEqual([]);
  });

  it('requires a scalar loss at an optimizer', () => {
    const r = compileLoaded(
      withTraining([objective('adam', ['c'])], {}, 'none'),
      registry,
      testEnv,
    );
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        nodeId: 'adam',
        port: 'loss',
        message:
          "Adam G needs a scalar loss, but Recon loss.loss gives B x 8 x 8 x 8; reduce it to one number (a loss node's mean) before the optimizer.",
      }),
    ]);
  });

  it('checks previews refer to existing output ports', () => {
    const previews: Record<string, Preview> = {
      p1: {
        id: 'p1',
        kind: 'samples',
        title: 'Samples',
        sources: [{ node: 'c', port: 'y' }],
        every: 10,
      },
      p2: {
        id: 'p2',
        kind: 'reconstruction',
        title: 'Recon',
        sources: [
          { node: 'c', port: 'x' },
          { node: 'zz', port: 'y' },
        ],
        every: 0,
      },
    };
    const msgs = messages(withTraining([objective('adam', ['c'])], { previews }));
    expect(msgs).toEqual([
      'Preview Recon refreshes every 0 steps; set every to a whole number from 1 to 10000000.',
      'Preview Recon shows output "x" of Conv, which has no such output (its outputs: "y"); pick one of those.',
      'Preview Recon shows node "zz", which does not exist; pick another output or delete the preview.',
    ]);
  });

  it('checks stage steps, batch size and empty stages', () => {
    const doc = withTraining([]);
    doc.training.batchSize = 0;
    doc.training.stages[0]!.steps = 2.5;
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['error', 'error', 'warning']);
  });
});
