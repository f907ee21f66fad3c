import { describe, expect, it } from 'vitest';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import { compileLoaded } from '../../core/graph/compile';
import { nodeRegistry } from '../../nodes/registry';
import { addNode, connect } from './commands';
import { DocumentStore } from './document-store';
import { addDefaultStage, DEFAULT_STAGE_STEPS, wantsDefaultStage } from './default-stage';

/** MNIST -> Dense -> ReLU -> MSE (vs the image) and an Optimizer, loss not yet connected. */
const handBuilt = (): DocumentStore => {
  const store = new DocumentStore(createEmptyDocument('t'));
  for (const type of [
    'data/mnist',
    'shape/flatten',
    'layers/dense',
    'activation/relu',
    'loss/mse',
    'optimize/optimizer',
  ])
    store.dispatch('add', addNode(nodeRegistry.get(type)!, { x: 0, y: 0 }));
  return store;
};

describe('the default training stage', () => {
  it('is created by connecting a loss to an optimizer in a project with no stages, in one undo step', () => {
    const store = handBuilt();
    const loss = { node: 'mse-1', port: 'loss' };
    const target = { node: 'optimizer-1', port: 'loss' };
    expect(wantsDefaultStage(store.doc, nodeRegistry, target, '')).toBe(true);
    store.dispatch('connect', (d) => {
      connect(loss, target)(d);
      addDefaultStage(nodeRegistry, 'optimizer-1', loss)(d);
    });
    expect(store.doc.training.stages).toEqual([
      {
        id: 'train',
        name: 'Train',
        steps: DEFAULT_STAGE_STEPS,
        objectives: [
          {
            id: 'objective',
            name: 'MSE loss',
            optimizer: 'optimizer-1',
            updates: ['*'],
            every: 1,
            from: 0,
            clipGradNorm: 0,
          },
        ],
      },
    ]);
    // The stage passes the training checks (no error from the training pass).
    const c = compileLoaded(store.doc, nodeRegistry, { datasets: {} });
    expect(c.diagnostics.filter((x) => x.source === 'training' && x.severity === 'error')).toEqual(
      [],
    );
    store.undo();
    expect(store.doc.training.stages).toEqual([]);
    expect(Object.keys(store.doc.edges)).toEqual([]);
  });

  it('is not created when stages exist, for other ports or node kinds, or inside a module', () => {
    const store = handBuilt();
    const target = { node: 'optimizer-1', port: 'loss' };
    expect(wantsDefaultStage(store.doc, nodeRegistry, target, 'some-module')).toBe(false);
    expect(
      wantsDefaultStage(store.doc, nodeRegistry, { node: 'mse-1', port: 'prediction' }, ''),
    ).toBe(false);
    store.dispatch('stage', (d) => {
      d.training.stages.push({ id: 's', name: 's', steps: 5, objectives: [] });
    });
    expect(wantsDefaultStage(store.doc, nodeRegistry, target, '')).toBe(false);
    const before = structuredClone(store.doc.training.stages);
    store.dispatch(
      'again',
      addDefaultStage(nodeRegistry, 'optimizer-1', { node: 'mse-1', port: 'loss' }),
    );
    expect(store.doc.training.stages).toEqual(before);
  });
});
