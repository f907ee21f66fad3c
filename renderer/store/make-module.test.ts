import { describe, it, expect } from 'vitest';
import fixtureJson from '../../tests/e2e/fixtures/mini-vq-vae.tessera.json';
import { loadDocument } from '../../core/document/load-document';
import { nodeRegistry } from '../../nodes/registry';
import { compileView } from '../model/compile-view';
import { DocumentStore } from './document-store';
import { copyFragment, pasteFragment } from './commands';
import { instanceCounts, makeModule, makeModuleRefusal } from './make-module';

const env = {
  datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
};
const store = () => new DocumentStore(loadDocument(structuredClone(fixtureJson)).document!);

describe('make module', () => {
  it('turns the autoencoder into a module called by one instance; shapes and training still check', () => {
    const s = store();
    let made = { moduleId: '', instanceId: '' };
    s.dispatch(
      'Make module',
      makeModule(['enc', 'vq', 'dec'], 'autoencoder', '', (r) => (made = r)),
    );
    expect(made).toEqual({ moduleId: 'autoencoder-1', instanceId: 'autoencoder-1' });
    const mod = s.doc.modules['autoencoder-1']!;
    expect(Object.keys(mod.nodes).sort()).toEqual([
      'dec',
      'enc',
      'in-x-1',
      'out-loss-1',
      'out-x2-1',
      'vq',
    ]);
    expect(Object.keys(s.doc.nodes).sort()).toEqual([
      'autoencoder-1',
      'data',
      'opt',
      'rec',
      'total',
    ]);
    expect(s.doc.training.stages[0]!.objectives[0]!.updates).toEqual(['autoencoder-1']);
    const view = compileView(s.doc, nodeRegistry, env);
    expect(view.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(view.edgeLabels.get('data.image->autoencoder-1.x')).toBe('B x 28 x 28 x 1');
    expect(view.edgeLabels.get('autoencoder-1.x2->rec.prediction')).toBe('B x 28 x 28 x 1');
    expect(view.edgeLabels.get('autoencoder-1.loss->total.b')).toBe('scalar');
    const inside = compileView(s.doc, nodeRegistry, env, 'autoencoder-1');
    expect(inside.edgeLabels.get('enc.z->vq.z')).toBe('B x 7 x 7 x 16');
    s.undo();
    expect(Object.keys(s.doc.modules)).toEqual([]);
    expect(s.doc.training.stages[0]!.objectives[0]!.updates).toEqual(['enc', 'vq', 'dec']);
  });

  it('counts instances that share weights after a duplicate, and refuses optimizers', () => {
    const s = store();
    s.dispatch('Make module', makeModule(['enc', 'vq', 'dec'], 'autoencoder'));
    s.dispatch(
      'Duplicate',
      pasteFragment(copyFragment(s.doc, ['autoencoder-1']), { x: 0, y: 200 }),
    );
    expect(instanceCounts(s.doc).get('autoencoder-1')).toEqual({ all: 2, shared: 2 });
    expect(makeModuleRefusal(s.doc, ['opt'])).toMatch(/optimizer/);
    expect(makeModuleRefusal(s.doc, [])).toMatch(/Select/);
  });
});
