import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { repoRoot } from '../server/paths';
import { readFuseConfig, requiredFuses } from './electron-fuses';

describe('fuses in electron-builder.yml (checklist item 19)', () => {
  it('sets every fuse the checklist names the way Tessera needs it', () => {
    const yml = readFileSync(nodePath.join(repoRoot(), 'electron-builder.yml'), 'utf8');
    const fuses = readFuseConfig(yml);
    for (const [name, value] of Object.entries(requiredFuses))
      expect(fuses[name], name).toBe(value);
  });

  it('reads only the electronFuses block, and finds a missing or wrong fuse', () => {
    const yml = [
      'asar: true',
      'electronFuses:',
      '  runAsNode: true',
      '  # a comment',
      '  onlyLoadAppFromAsar: false',
      'linux:',
      '  runAsNode: false',
    ].join('\n');
    expect(readFuseConfig(yml)).toEqual({ runAsNode: true, onlyLoadAppFromAsar: false });
    expect(readFuseConfig('asar: true\n')).toEqual({});
  });
});
