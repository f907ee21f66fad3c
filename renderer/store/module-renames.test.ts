import { describe, expect, it } from 'vitest';
import type { DocModule, DocNode } from '../../core/document/document.types';
import { planModuleRenames, renameModuleCalls } from './module-renames';

const mod = (id: string, name: string): DocModule => ({
  id,
  name,
  params: {},
  nodes: {},
  edges: {},
});
const byId = (...mods: DocModule[]) => Object.fromEntries(mods.map((m) => [m.id, m]));

describe('planModuleRenames', () => {
  it('renames only clashing modules: decoder -> decoder-2 / "Decoder 2"', () => {
    const r = planModuleRenames(byId(mod('decoder', 'Decoder')), [
      mod('decoder', 'Decoder'),
      mod('prior', 'Code prior'),
    ]);
    expect([...r]).toEqual([['decoder', { id: 'decoder-2', name: 'Decoder 2' }]]);
  });

  it('counts on from a numbered copy and skips numbers already used, by id or by name', () => {
    const existing = byId(
      mod('decoder', 'Decoder'),
      mod('decoder-2', 'Decoder 2'),
      mod('other', 'Decoder 3'),
    );
    expect(planModuleRenames(existing, [mod('decoder-2', 'Decoder 2')]).get('decoder-2')).toEqual({
      id: 'decoder-4',
      name: 'Decoder 4',
    });
  });

  it('never hands out an id another incoming module keeps', () => {
    const r = planModuleRenames(byId(mod('enc', 'Encoder')), [
      mod('enc', 'Encoder'),
      mod('enc-2', 'Encoder two'),
    ]);
    expect(r.get('enc')).toEqual({ id: 'enc-3', name: 'Encoder 3' });
    expect(r.has('enc-2')).toBe(false);
  });

  it('renames a module whose name alone clashes', () => {
    const r = planModuleRenames(byId(mod('a', 'Critic')), [mod('critic', 'Critic')]);
    expect(r.get('critic')).toEqual({ id: 'critic-2', name: 'Critic 2' });
  });
});

describe('renameModuleCalls', () => {
  const n = (id: string, type: string, module: string): DocNode => ({
    id,
    type,
    typeVersion: 1,
    params: { module },
    position: { x: 0, y: 0 },
  });

  it('rewrites instances and handles of renamed modules, nothing else', () => {
    const nodes = [
      n('i', 'module/instance', 'decoder'),
      n('h', 'module/handle', 'decoder'),
      n('k', 'module/instance', 'prior'),
      n('x', 'test/conv', 'decoder'),
    ];
    renameModuleCalls(nodes, new Map([['decoder', { id: 'decoder-2', name: 'Decoder 2' }]]));
    expect(nodes.map((m) => m.params.module)).toEqual([
      'decoder-2',
      'decoder-2',
      'prior',
      'decoder',
    ]);
  });
});
