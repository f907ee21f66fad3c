// The run history's channels refuse what could name a file outside the runs folder.
import { describe, expect, it } from 'vitest';
import { validatePayload } from '../ipc/contract.schemas';

describe('runs:* payloads', () => {
  it('take run ids that are folder names only', () => {
    expect(validatePayload('runs:get', { runId: 'run-20250101T100000-ab12cd' }).ok).toBe(true);
    for (const runId of ['../../etc', 'a/b', '.hidden', '', 'x'.repeat(101), 'a\0b'])
      expect(validatePayload('runs:get', { runId }), runId).toMatchObject({
        ok: false,
        message: expect.stringContaining('run ids are letters, digits, - or _'),
      });
  });

  it('checkResume needs a run, a checkpoint path and a document', () => {
    const ok = { runId: 'r1', checkpoint: '/runs/r1/checkpoints/step-000010.json', document: {} };
    expect(validatePayload('runs:checkResume', ok).ok).toBe(true);
    expect(validatePayload('runs:checkResume', { ...ok, checkpoint: '' }).ok).toBe(false);
    expect(validatePayload('runs:checkResume', { ...ok, document: 'x' }).ok).toBe(false);
    expect(validatePayload('runs:checkResume', { ...ok, runId: '../r1' }).ok).toBe(false);
  });

  it('list takes a project name and an optional file', () => {
    expect(validatePayload('runs:list', { name: 'ae' }).ok).toBe(true);
    expect(validatePayload('runs:list', { name: 'ae', path: '/p/ae.tessera.json' }).ok).toBe(true);
    expect(validatePayload('runs:list', {}).ok).toBe(false);
    expect(validatePayload('runs:list', { name: 'x'.repeat(401) }).ok).toBe(false);
  });
});
