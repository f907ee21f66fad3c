import { describe, it, expect, beforeAll } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TesseraDocument } from '../../../core/document/document.types';
import { compileDocument } from '../../../core/graph/compile';
import type { TF } from '../../../core/node-contract/node-definition';
import { nodeRegistry } from '../../../nodes/registry';
import { initBackend } from '../backend/select-backend';
import { createShapeEnv } from '../data/data-provider';
import { compileAndBuild, loadTemplate } from '../testing/engine-fixtures';
import { saveCheckpoint, type CheckpointManifest } from './checkpoint';
import {
  checkpointModelMismatch,
  checkpointProgramMismatch,
  readCheckpointForResume,
  weightOwners,
} from './checkpoint-check';
import { Trainer } from './trainer';

const autoencoder = (enc1Filters = 16): TesseraDocument => {
  const doc = loadTemplate('conv-autoencoder');
  doc.nodes.enc1!.params = { ...doc.nodes.enc1!.params, filters: enc1Filters };
  doc.training.batchSize = 2;
  doc.previews = {};
  return doc;
};
const programOf = (doc: TesseraDocument) => {
  const c = compileDocument(doc, nodeRegistry, createShapeEnv());
  if (!c.program) throw new Error('does not compile');
  return c.program;
};

let tf: TF;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'cpu' })).tf;
});

/** A real checkpoint of the freshly built autoencoder, written to disk. */
const writeCheckpoint = async (doc: TesseraDocument): Promise<string> => {
  const built = await compileAndBuild(tf, doc);
  const trainer = new Trainer(built);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ckpt-check-')), 'step-000000.json');
  const { tensors, temporaries } = trainer.checkpointTensors();
  await saveCheckpoint(file, tensors, {
    runId: 'r',
    documentName: doc.name,
    step: 0,
    stageIndex: 0,
    rngState: trainer.rng.getState(),
    losses: {},
  });
  tf.dispose(temporaries);
  built.dispose();
  return file;
};

describe('readCheckpointForResume', () => {
  it('reads a whole checkpoint: every tensor with its values', async () => {
    const file = await writeCheckpoint(autoencoder());
    const r = await readCheckpointForResume(file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.checkpoint.values.get('weights/enc1/kernel')?.shape).toEqual([3, 3, 1, 16]);
    expect(r.checkpoint.values.get('weights/enc1/bias')?.data).toEqual(new Float32Array(16));
  });

  it('names the file and what is wrong: a folder, a .bin, another format, a damaged table', async () => {
    const file = await writeCheckpoint(autoencoder());
    const dir = path.dirname(file);
    const msg = async (f: string) => {
      const r = await readCheckpointForResume(f);
      return r.ok ? 'ok' : r.message;
    };
    const folder = path.join(dir, 'sub.json');
    mkdirSync(folder);
    expect(await msg(folder)).toBe(
      `Cannot resume from ${folder}: it is a folder. Pass a checkpoint manifest (<run folder>/checkpoints/step-NNNNNN.json), or train without resuming to start afresh.`,
    );
    expect(await msg(file.replace(/json$/, 'bin'))).toMatch(
      /: a checkpoint is the \.json manifest, not its \.bin values file\./,
    );
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as CheckpointManifest;
    const variant = (name: string, m: unknown): string => {
      const f = path.join(dir, name);
      writeFileSync(f, JSON.stringify(m));
      return f;
    };
    expect(await msg(variant('v2.json', { ...manifest, version: 2 }))).toMatch(
      /its checkpoint version 2 is not one this Tessera reads/,
    );
    const [first, ...others] = manifest.tensors;
    expect(
      await msg(
        variant('bad-size.json', { ...manifest, tensors: [{ ...first, size: 7 }, ...others] }),
      ),
    ).toMatch(/its entry weights\/\S+ has 7 values for shape/);
    expect(await msg(variant('bad-entry.json', { ...manifest, tensors: [{ key: 1 }] }))).toMatch(
      /its tensor table is damaged/,
    );
    expect(await msg(variant('escape.json', { ...manifest, binFile: '../x.bin' }))).toMatch(
      /it names no values file/,
    );
  });
});

describe('checkpointProgramMismatch (pure, before any backend)', () => {
  it('accepts a checkpoint of the same graph and names the first node whose weights differ', async () => {
    const file = await writeCheckpoint(autoencoder(16));
    const r = await readCheckpointForResume(file);
    if (!r.ok) throw new Error(r.message);
    const m = r.checkpoint.manifest;
    expect(checkpointProgramMismatch(m, programOf(autoencoder(16)))).toBeUndefined();
    expect(checkpointProgramMismatch(m, programOf(autoencoder(8)))).toBe(
      "node 'Conv2D 16, stride 2' (enc1) has 80 parameters but the checkpoint holds 160 for it",
    );
    const other = {
      ...m,
      tensors: [...m.tensors, { ...m.tensors[0]!, key: 'weights/gone/kernel' }],
    };
    expect(checkpointProgramMismatch(other, programOf(autoencoder(16)))).toBe(
      "it holds weights gone/kernel of 'gone', which this project does not have",
    );
    const lacking = { ...m, tensors: m.tensors.filter((e) => !e.key.startsWith('weights/dec2/')) };
    expect(checkpointProgramMismatch(lacking, programOf(autoencoder(16)))).toMatch(
      /^it has no weights for node '.+' \(dec2\), which has 257 parameters$/,
    );
  });

  it('lays weight owners out as the build does: shared sets, copies and EMA shadows under the instance', () => {
    const doc = loadTemplate('dcgan');
    doc.nodes.gen!.params = { ...doc.nodes.gen!.params, weights: 'ema' };
    doc.nodes['d-real']!.params = { ...doc.nodes['d-real']!.params, weights: 'copy' };
    const owners = weightOwners(programOf(doc));
    const kind = (prefix: string) => owners.find((o) => o.prefix === prefix)?.kind;
    expect(kind('gen/g-dense/')).toBe('ema');
    expect(kind('generator/g-dense/')).toBe('shared'); // the shadow's source
    expect(kind('d-real/c-conv1/')).toBe('copy');
    expect(kind('critic/c-conv1/')).toBe('shared'); // d-fake
    expect(kind('opt-g/')).toBe('top');
    expect(owners.find((o) => o.prefix === 'd-real/c-conv1/')?.node.cost?.params).toBe(544);
  });

  it('accepts a fresh checkpoint of a template with module copies and nested modules (DDPM)', async () => {
    const doc = loadTemplate('ddpm');
    doc.training.batchSize = 2;
    doc.previews = {};
    const file = await writeCheckpoint(doc);
    const r = await readCheckpointForResume(file);
    if (!r.ok) throw new Error(r.message);
    expect(r.checkpoint.manifest.tensors.length).toBeGreaterThan(50);
    expect(checkpointProgramMismatch(r.checkpoint.manifest, programOf(doc))).toBeUndefined();
  });
});

describe('checkpointModelMismatch (the built model)', () => {
  it('names a missing, a reshaped and an extra tensor', async () => {
    const file = await writeCheckpoint(autoencoder(16));
    const r = await readCheckpointForResume(file);
    if (!r.ok) throw new Error(r.message);
    const built = await compileAndBuild(tf, autoencoder(16));
    try {
      expect(checkpointModelMismatch(r.checkpoint, built)).toBeUndefined();
      const values = new Map(r.checkpoint.values);
      values.delete('weights/enc2/bias');
      expect(checkpointModelMismatch({ ...r.checkpoint, values }, built)).toBe(
        'it lacks weights/enc2/bias, which the project has (shape 32)',
      );
      const k = r.checkpoint.values.get('weights/enc1/kernel')!;
      values.set('weights/enc2/bias', { ...k, shape: [2, 16] });
      expect(checkpointModelMismatch({ ...r.checkpoint, values }, built)).toBe(
        'weights/enc2/bias is 2x16 in the checkpoint but 32 in the project',
      );
      const extra = new Map(r.checkpoint.values).set('state/x/state/mean', k);
      expect(checkpointModelMismatch({ ...r.checkpoint, values: extra }, built)).toBe(
        'it holds state/x/state/mean, which the project does not have',
      );
    } finally {
      built.dispose();
    }
  });
});
