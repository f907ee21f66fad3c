import { describe, it, expect } from 'vitest';
import fixtureJson from '../../tests/e2e/fixtures/mini-vq-vae.tessera.json';
import { loadDocument } from '../../core/document/load-document';
import { nodeRegistry } from '../../nodes/registry';
import { DocumentStore } from '../store/document-store';
import { connect, removeEdges } from '../store/commands';
import { checkConnection } from './connection';
import { compileView } from './compile-view';

const env = {
  datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
};
const fixture = () => {
  const r = loadDocument(structuredClone(fixtureJson));
  if (!r.document) throw new Error(JSON.stringify(r.diagnostics));
  return r.document;
};

describe('connection validation on the canvas', () => {
  it('refuses a cycle, naming the loop', () => {
    const v = checkConnection(
      fixture(),
      nodeRegistry,
      env,
      { node: 'dec', port: 'x' },
      { node: 'enc', port: 'x' },
    );
    expect(v.ok).toBe(false);
    // enc.x is already fed; free it first so that the cycle is the reason
    const s = new DocumentStore(fixture());
    s.dispatch('Delete', removeEdges(['data.image->enc.x']));
    const c = checkConnection(
      s.doc,
      nodeRegistry,
      env,
      { node: 'dec', port: 'x' },
      { node: 'enc', port: 'x' },
    );
    expect(c).toMatchObject({ ok: false });
    expect(!c.ok && c.reason).toMatch(/cycle/);
  });

  it('refuses a second producer into one input', () => {
    const v = checkConnection(
      fixture(),
      nodeRegistry,
      env,
      { node: 'dec', port: 'x' },
      { node: 'rec', port: 'target' },
    );
    expect(v.ok).toBe(false);
    expect(!v.ok && v.reason).toMatch(/already fed by/);
  });

  it('refuses a rank mismatch (a scalar loss into an image input)', () => {
    const s = new DocumentStore(fixture());
    s.dispatch('Delete', removeEdges(['data.image->enc.x']));
    const v = checkConnection(
      s.doc,
      nodeRegistry,
      env,
      { node: 'rec', port: 'loss' },
      { node: 'enc', port: 'x' },
    );
    expect(v.ok).toBe(false);
  });

  it('accepts a valid connection, and the edge label shows the symbolic shape', () => {
    const s = new DocumentStore(fixture());
    s.dispatch('Delete', removeEdges(['data.image->enc.x']));
    expect(compileView(s.doc, nodeRegistry, env).edgeLabels.get('enc.z->vq.z')).toBeUndefined();
    const v = checkConnection(
      s.doc,
      nodeRegistry,
      env,
      { node: 'data', port: 'image' },
      { node: 'enc', port: 'x' },
    );
    expect(v).toEqual({ ok: true });
    s.dispatch('Connect', connect({ node: 'data', port: 'image' }, { node: 'enc', port: 'x' }));
    const view = compileView(s.doc, nodeRegistry, env);
    expect(view.edgeLabels.get('data.image->enc.x')).toBe('B x 28 x 28 x 1');
    expect(view.edgeLabels.get('enc.z->vq.z')).toBe('B x 7 x 7 x 16');
    expect(view.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
