import { describe, it, expect } from 'vitest';
import { canConnect } from './can-connect';
import { testEnv, testRegistry } from './testing/test-registry';
import { edge, graphDoc, moduleOf, node } from './testing/doc-builder';

const registry = testRegistry();
const doc = graphDoc(
  [
    node('s', 'test/source', {}, { label: 'Images' }),
    node('c1', 'test/conv', {}, { label: 'Enc' }),
    node('c2', 'test/conv', { inChannels: 8 }, { label: 'Dec' }),
    node('f', 'test/flatten'),
    node('l', 'test/loss'),
    node('smp', 'test/sampler'),
    node('h', 'module/handle', { module: 'm' }),
    node('d', 'test/dense'),
  ],
  [edge('s.out', 'c1.x'), edge('c1.y', 'c2.x')],
  {
    modules: {
      m: moduleOf(
        'm',
        [
          node('mi', 'module/input', { name: 'x', shape: 'B,4' }),
          node('mo', 'module/output', { name: 'y' }),
        ],
        [edge('mi.value', 'mo.value')],
      ),
    },
  },
);
const ask = (from: string, to: string) => {
  const [sn, sp] = from.split('.') as [string, string];
  const [tn, tp] = to.split('.') as [string, string];
  return canConnect(doc, registry, testEnv, { node: sn, port: sp }, { node: tn, port: tp });
};

describe('canConnect', () => {
  it('allows a valid connection', () => {
    expect(ask('c2.y', 'l.a')).toEqual({ ok: true });
    expect(ask('h.model', 'smp.model')).toEqual({ ok: true });
  });
  it('refuses cycles, naming the loop', () => {
    expect(ask('c2.y', 'c1.x')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('already fed by Images.out'),
    });
    expect(ask('c2.y', 'l.a')).toEqual({ ok: true });
    const loopDoc = {
      ...doc,
      edges: { ...doc.edges, e: edge('c2.y', 'l.a'), e2: edge('l.loss', 'd.x') },
    };
    const r = canConnect(
      loopDoc,
      registry,
      testEnv,
      { node: 'c2', port: 'y' },
      { node: 'c2', port: 'x' },
    );
    expect(r).toMatchObject({ ok: false });
    const r2 = canConnect(
      { ...doc, edges: { e: edge('s.out', 'c1.x') } },
      registry,
      testEnv,
      { node: 'c1', port: 'y' },
      { node: 'l', port: 'a' },
    );
    expect(r2).toEqual({ ok: true });
    const chain = { ...doc, edges: { e1: edge('s.out', 'l.a'), e2: edge('l.loss', 'c1.x') } };
    expect(
      canConnect(chain, registry, testEnv, { node: 'c1', port: 'y' }, { node: 'l', port: 'b' }),
    ).toEqual({
      ok: false,
      reason: 'This would make a cycle (MSE → Enc → MSE); a value cannot depend on itself.',
    });
  });
  it('refuses a second producer and unknown ports', () => {
    expect(ask('s.out', 'c2.x')).toEqual({
      ok: false,
      reason:
        'Dec input "x" is already fed by Enc.y; an input takes one producer, so delete that connection first.',
    });
    expect(ask('s.nope', 'l.a')).toMatchObject({
      ok: false,
      reason: 'Images has no output "nope" (its outputs: "out").',
    });
    expect(ask('s.out', 'l.q')).toMatchObject({
      ok: false,
      reason: 'MSE has no input "q" (its inputs: "a", "b").',
    });
    expect(ask('zz.out', 'l.a')).toMatchObject({ ok: false, reason: 'Node "zz" does not exist.' });
    expect(ask('s.out', 's.out')).toMatchObject({ ok: false });
  });
  it('refuses kind and rank mismatches', () => {
    expect(ask('s.out', 'smp.model')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('takes a model handle'),
    });
    expect(ask('h.model', 'l.a')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('takes a tensor'),
    });
    expect(ask('f.y', 'c1.x')).toMatchObject({ ok: false });
    expect(ask('s.out', 'd.x')).toEqual({
      ok: false,
      reason: 'Dense input "x" expects rank 2 but receives rank 4: Images.out gives B x 8 x 8 x 1.',
    });
  });

  it('checks connections inside a module, and refuses crossing graphs', () => {
    expect(
      canConnect(
        doc,
        registry,
        testEnv,
        { node: 'mi', port: 'value' },
        { node: 'mo', port: 'value' },
      ),
    ).toEqual({ ok: false, reason: 'These ports are already connected.' });
    const open = { ...doc, modules: { m: { ...doc.modules.m!, edges: {} } } };
    expect(
      canConnect(
        open,
        registry,
        testEnv,
        { node: 'mi', port: 'value' },
        { node: 'mo', port: 'value' },
      ),
    ).toEqual({ ok: true });
    expect(
      canConnect(open, registry, testEnv, { node: 'mi', port: 'value' }, { node: 'l', port: 'a' }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('different graphs') });
  });
});
