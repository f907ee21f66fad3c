import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePayload } from '../../../core/ipc/contract.schemas';
import { repoRoot } from '../paths';
import { listBlocks } from './blocks';

describe('blocks:list', () => {
  it('lists the shipped blocks, usual ones first, with their module name, doc and document', async () => {
    const list = await listBlocks(nodePath.join(repoRoot(), 'templates', 'blocks'));
    expect(list.map((b) => b.id)).toEqual([
      'residual-conv-block',
      'unet-down-stage',
      'unet-up-stage',
      'transformer-block',
      'mlp',
    ]);
    expect(list[0]!.title).toBe('Residual conv block');
    expect(list[0]!.doc).toMatch(/ResBlock/);
    expect(Object.keys((list[0]!.content as { modules: object }).modules)).toEqual(['resblock']);
    expect(validatePayload('blocks:list', undefined)).toEqual({ ok: true, payload: undefined });
    expect(validatePayload('blocks:list', 'x')).toMatchObject({ ok: false });
  });

  it('leaves out files that are not one module, and a missing folder lists nothing', async () => {
    const dir = mkdtempSync(nodePath.join(tmpdir(), 'blocks-'));
    writeFileSync(nodePath.join(dir, 'two.json'), JSON.stringify({ modules: { a: {}, b: {} } }));
    writeFileSync(nodePath.join(dir, 'bad.json'), '{');
    writeFileSync(
      nodePath.join(dir, 'one.json'),
      JSON.stringify({ modules: { m: { name: 'M', doc: 'A block.' } } }),
    );
    expect((await listBlocks(dir)).map((b) => [b.id, b.title, b.doc])).toEqual([
      ['one', 'M', 'A block.'],
    ]);
    expect(await listBlocks(nodePath.join(dir, 'nope'))).toEqual([]);
  });
});
