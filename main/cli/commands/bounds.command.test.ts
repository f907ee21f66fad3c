// `tessera validate` and `tessera train` refuse a project out of bounds with a diagnostic, never
// an exception: batchSize 1e12 (once: "Invalid typed array length: 784000000000000" from the
// trainer) is out of the field's range; a project whose weights cannot fit any machine is refused
// by the memory check, with the estimate, the node to blame and the fix.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTemplate } from '../../engine/testing/engine-fixtures';
import { captureIo, setIo } from '../io';
import { main } from '../main';

const dir = mkdtempSync(path.join(tmpdir(), 'bounds-'));
afterEach(() => setIo(undefined));

const run = async (args: string[]) => {
  const cap = captureIo();
  setIo(cap);
  const code = await main(args);
  return { code, out: cap.stdout.join(''), err: cap.stderr.join('') };
};

const write = (name: string, doc: unknown): string => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
};

/** The conv autoencoder at batch size 1e12. */
const hugeBatch = (): string => {
  const doc = loadTemplate('conv-autoencoder');
  doc.training.batchSize = 1e12;
  return write('batch-1e12.json', doc);
};

/**
 * The conv autoencoder plus an Embedding of the labels at its largest range (1,000,000 x 65,536:
 * 244 GiB of float32 weights) that its objective trains with Adam: about 977 GiB with gradients
 * and slots, more than any machine these tests run on.
 */
const tooBig = (): string => {
  const doc = loadTemplate('conv-autoencoder');
  const data = Object.values(doc.nodes).find((n) => n.type === 'data/mnist')!;
  doc.nodes.huge = {
    id: 'huge',
    type: 'layers/embedding',
    typeVersion: 1,
    label: 'Huge table',
    params: { vocabSize: 1_000_000, dim: 65536 },
    position: { x: 0, y: 400 },
  };
  doc.edges.toHuge = {
    id: 'toHuge',
    source: { node: data.id, port: 'label' },
    target: { node: 'huge', port: 'indices' },
  };
  doc.training.stages[0]!.objectives[0]!.updates.push('huge');
  return write('too-big.json', doc);
};

const RANGE =
  'Field /training/batchSize is invalid: batchSize is 1000000000000; set it to a whole number from 1 to 4096.';

describe('bounds at the command line', () => {
  it('validate refuses batchSize 1e12 with the field and its range', async () => {
    const r = await run(['validate', hugeBatch()]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(RANGE);
    expect(r.out).toMatch(/1 error, 0 warnings/);
    expect(r.err).not.toMatch(/Invalid typed array length|internal error/);
  });

  it("validate refuses a project larger than this machine's memory, naming the node and the fix", async () => {
    const r = await run(['validate', tooBig()]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /Training needs about 977 GiB at batch size 32 \(weights 244 GiB, gradients 244 GiB, optimizer state 488 GiB, activations [\d.]+ MiB\), more than this machine's memory \([\d.]+ GiB\)\. Largest: Huge table \(977 GiB\)/,
    );
    expect(r.err).toContain(
      'The weights and their training state alone need 977 GiB, whatever the batch size: make Huge table smaller',
    );
    expect(r.err).toMatch(/node Huge table \(huge\)/);
  });

  it('train refuses both before building anything, with the same diagnostics', async () => {
    const a = await run(['train', hugeBatch(), '--backend', 'cpu', '--steps', '1']);
    expect(a.code).toBe(1);
    expect(a.err).toContain(RANGE);
    expect(a.err).toMatch(/Training failed: The project has 1 error\(s\)/);
    expect(a.err).not.toMatch(/Invalid typed array length|crashed/);
    const b = await run(['train', tooBig(), '--backend', 'cpu', '--steps', '1']);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/Training needs about 977 GiB at batch size 32/);
    expect(b.err).not.toMatch(/crashed|RangeError/);
  }, 120_000);
});
