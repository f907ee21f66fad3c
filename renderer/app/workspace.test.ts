import { describe, expect, it } from 'vitest';
import {
  WORKSPACE_KEY,
  parseWorkspace,
  pickWorkspace,
  readLocalWorkspace,
  sameWorkspace,
  startIntent,
  writeLocalWorkspace,
} from './workspace';

const memoryStorage = () => {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    m,
  };
};

describe('workspace memory (renderer side)', () => {
  it('round-trips through storage and refuses junk', () => {
    const s = memoryStorage();
    const ws = { path: '/p/a.tessera.json', scope: 'enc', viewport: { x: 10, y: -4, zoom: 1.5 } };
    writeLocalWorkspace(s, ws);
    expect(readLocalWorkspace(s)).toEqual(ws);
    s.m.set(WORKSPACE_KEY, '{not json');
    expect(readLocalWorkspace(s)).toBeUndefined();
    expect(parseWorkspace({ path: 3, scope: '' })).toEqual({ scope: '' });
    expect(parseWorkspace({ scope: '', viewport: { x: 1, y: 2, zoom: 0 } })).toEqual({ scope: '' });
    expect(parseWorkspace(null)).toBeUndefined();
    expect(readLocalWorkspace(undefined)).toBeUndefined();
  });

  it('a reload uses the page’s own state, a restart the main side’s', () => {
    const local = { path: '/a.tessera.json', scope: '' };
    const main = { path: '/b.tessera.json', scope: 'm' };
    expect(pickWorkspace(local, main)).toBe(local);
    expect(pickWorkspace(undefined, main)).toBe(main);
    expect(pickWorkspace({ scope: '' }, null)).toBeUndefined();
  });

  it('reads the start intent from the hash', () => {
    expect(startIntent('#template=vq-vae')).toEqual({ template: 'vq-vae' });
    expect(startIntent('#start=vq-vae')).toEqual({ startTemplate: 'vq-vae' });
    expect(startIntent('')).toEqual({});
  });

  it('compares states field by field', () => {
    const a = { path: '/a', scope: '', viewport: { x: 1, y: 2, zoom: 1 } };
    expect(sameWorkspace(a, { ...a, viewport: { ...a.viewport } })).toBe(true);
    expect(sameWorkspace(a, { ...a, scope: 'm' })).toBe(false);
    expect(sameWorkspace(undefined, a)).toBe(false);
  });
});
