import { describe, expect, it } from 'vitest';
import {
  modelEntry,
  modelLines,
  modelsReport,
  parseModelsArgs,
  summaryLines,
  type PeerRun,
  type TesseraStep,
} from './models-report';

const tessera = (
  ms: number,
  params: Record<string, number> = { generator: 237_345, critic: 36_641 },
): TesseraStep => ({
  batch: 64,
  warmup: 2,
  steps: 5,
  ms,
  workers: 1,
  threads: 2,
  params,
});
const peer = (
  threads: number,
  ms: number,
  params: Record<string, number> = { generator: 237_345, critic: 36_641 },
): PeerRun => ({
  torch: '1.13.0a0',
  blas: 'generic, libblas.so.3 -> openblas-pthread',
  parallel: 'ATen/Parallel: OpenMP',
  threads,
  batch: 64,
  ms,
  cpu_ms: ms * threads,
  params,
});

describe('modelEntry', () => {
  it("takes PyTorch's faster thread count as its best and gives both ratios", () => {
    const e = modelEntry(tessera(600), [peer(1, 300), peer(2, 200)]);
    expect(e.tessera_ms).toBe(600);
    expect(e.pytorch_ms).toBe(200);
    expect(e.pytorch_threads).toBe(2);
    expect(e.pytorch_1thread_ms).toBe(300);
    expect(e.ratio).toBeCloseTo(3, 10);
    expect(e.ratio_1thread).toBeCloseTo(2, 10);
    expect(e.pytorch_by_threads).toEqual({ '1': 300, '2': 200 });
    expect(e.params.match).toBe(true);
    expect(e.note).toBeUndefined();
  });

  it('keeps 1 thread as the best when the second thread does not pay', () => {
    const e = modelEntry(tessera(500), [peer(1, 250), peer(2, 260)]);
    expect(e.pytorch_threads).toBe(1);
    expect(e.pytorch_ms).toBe(250);
    expect(e.ratio).toBeCloseTo(2, 10);
    expect(e.ratio_1thread).toBeCloseTo(2, 10);
  });

  it('refuses a ratio when the parameter counts differ, and says which', () => {
    const wrong = { generator: 237_345, critic: 36_577 };
    const e = modelEntry(tessera(600), [peer(1, 300, wrong), peer(2, 200, wrong)]);
    expect(e.ratio).toBeNull();
    expect(e.ratio_1thread).toBeNull();
    expect(e.pytorch_ms).toBe(200); // the measurement is kept, only the ratio is refused
    expect(e.params).toEqual({
      tessera: { generator: 237_345, critic: 36_641 },
      pytorch: wrong,
      match: false,
    });
    expect(e.note).toContain('parameter counts differ');
    expect(e.note).toContain('critic 36,641');
    expect(e.note).toContain('critic 36,577');
  });

  it('refuses a ratio when a group is missing on one side', () => {
    const e = modelEntry(tessera(600, { gpt: 820_297 }), [
      peer(1, 300, { gpt: 820_297, extra: 0 }),
    ]);
    expect(e.params.match).toBe(false);
    expect(e.ratio).toBeNull();
  });

  it('says skipped with the reason when no peer ran, and still has the Tessera number', () => {
    const e = modelEntry(tessera(600), [{ skipped: 'no PyTorch' }, { skipped: 'no PyTorch' }]);
    expect(e.tessera_ms).toBe(600);
    expect(e.pytorch_ms).toBeNull();
    expect(e.pytorch_threads).toBeNull();
    expect(e.ratio).toBeNull();
    expect(e.params.match).toBeNull();
    expect(e.note).toBe('skipped: no PyTorch');
  });

  it('uses the run that finished when the other thread count failed', () => {
    const e = modelEntry(tessera(900), [{ skipped: 'peer failed' }, peer(2, 300)]);
    expect(e.pytorch_threads).toBe(2);
    expect(e.ratio).toBeCloseTo(3, 10);
    expect(e.pytorch_1thread_ms).toBeNull();
    expect(e.ratio_1thread).toBeNull();
  });
});

describe('modelsReport (--json)', () => {
  it("has issue 10's keys per model, the load and the peer's BLAS, and survives JSON", () => {
    const peers = [peer(1, 300), peer(2, 200)];
    const models = { dcgan: modelEntry(tessera(600), peers) };
    const r = modelsReport(
      models,
      peers,
      [1.2, 1.1, 0.9],
      [1.5, 1.2, 1],
      new Date(Date.UTC(2026, 11, 3)),
    );
    const back = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    const dcgan = (back['models'] as Record<string, Record<string, unknown>>)['dcgan']!;
    expect(dcgan['tessera_ms']).toBe(600);
    expect(dcgan['pytorch_ms']).toBe(200);
    expect(dcgan['pytorch_threads']).toBe(2);
    expect(dcgan['pytorch_1thread_ms']).toBe(300);
    expect(dcgan['ratio']).toBeCloseTo(3, 10);
    expect(dcgan['params']).toEqual({
      tessera: { generator: 237_345, critic: 36_641 },
      pytorch: { generator: 237_345, critic: 36_641 },
      match: true,
    });
    expect(back['load']).toEqual([1.2, 1.1, 0.9]);
    expect(back['load_end']).toEqual([1.5, 1.2, 1]);
    expect(back['blas']).toBe('generic, libblas.so.3 -> openblas-pthread');
    expect(back['torch']).toBe('1.13.0a0');
    expect(back['date']).toBe('2026-12-03T00:00:00.000Z');
  });

  it('says no PyTorch peer ran as its BLAS when every peer was skipped', () => {
    const peers = [{ skipped: 'no PyTorch' }];
    const r = modelsReport({ dcgan: modelEntry(tessera(600), peers) }, peers, [0, 0, 0], [0, 0, 0]);
    expect(r.blas).toBe('skipped: no PyTorch peer ran');
    expect(r.torch).toBeNull();
    expect(r.models['dcgan']?.ratio).toBeNull();
  });
});

describe('printed lines', () => {
  it('print both sides, the match, the ratios and whether the 2.0x target is met', () => {
    const peers = [peer(1, 300), peer(2, 200)];
    const e = modelEntry(tessera(600), peers);
    const text = modelLines('dcgan', tessera(600), peers, e).join('\n');
    expect(text).toContain('dcgan: Tessera wasm (1 worker, 2 threads): batch 64, 600 ms/step');
    expect(text).toContain('generator 237,345 + critic 36,641');
    expect(text).toContain('PyTorch 1.13.0a0, 2 threads: 200 ms wall');
    expect(text).toContain('(match)');
    expect(text).toContain(
      '3.00x vs its best of 1-2 threads (2), 2.00x vs 1 thread (target <= 2.0x: not met)',
    );
  });

  it('print DO NOT MATCH and no ratio on a parameter mismatch', () => {
    const peers = [peer(1, 300, { generator: 1, critic: 2 })];
    const e = modelEntry(tessera(600), peers);
    const text = modelLines('dcgan', tessera(600), peers, e).join('\n');
    expect(text).toContain('DO NOT MATCH');
    expect(text).toContain('no ratio: parameter counts differ');
    expect(text).not.toContain('vs its best');
  });

  it('make a table row per model with dashes where there is no peer', () => {
    const lines = summaryLines({
      dcgan: modelEntry(tessera(300), [peer(1, 200), peer(2, 160)]),
      ddpm: modelEntry(tessera(569), [{ skipped: 'no PyTorch' }]),
    });
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/dcgan\s+64\s+300\s+200\s+160 \(2t\)\s+1\.88x\s+1\.50x\s+met$/);
    expect(lines[2]).toMatch(/ddpm\s+64\s+569\s+-\s+-\s+-\s+-\s+-$/);
  });
});

describe('parseModelsArgs', () => {
  it('runs every model after the other sections by default: 2 warm-up, 5 steps, 1 worker', () => {
    expect(parseModelsArgs([])).toEqual({
      only: false,
      models: ['conv-autoencoder', 'dcgan', 'char-gpt', 'ddpm'],
      warmup: 2,
      steps: 5,
      workers: 1,
    });
  });

  it('reads --models, --models=a,b, --quick, --steps=N, --workers=N, --threads=N and --json in both forms', () => {
    expect(parseModelsArgs(['--threads=1']).threads).toBe(1);
    expect(parseModelsArgs(['--models']).threads).toBeUndefined();
    expect(parseModelsArgs(['--models']).only).toBe(true);
    const o = parseModelsArgs(['--models=dcgan,char-gpt', '--quick', '--json', 'out.json']);
    expect(o).toMatchObject({ only: true, models: ['dcgan', 'char-gpt'], warmup: 1, steps: 2 });
    expect(o.json).toBe('out.json');
    expect(parseModelsArgs(['--json=r.json', '--steps=3', '--workers=2'])).toMatchObject({
      json: 'r.json',
      steps: 3,
      workers: 2,
    });
  });

  it('names the bad flag and the fix', () => {
    expect(() => parseModelsArgs(['--models=dcgan,gpt2'])).toThrow(
      '--models=dcgan,gpt2: unknown model gpt2; use any of conv-autoencoder, dcgan, char-gpt, ddpm.',
    );
    expect(() => parseModelsArgs(['--json'])).toThrow('--json needs a file');
    expect(() => parseModelsArgs(['--json', '--quick'])).toThrow('--json needs a file');
    expect(() => parseModelsArgs(['--steps=0'])).toThrow('--steps=0: use a whole number >= 1.');
    expect(() => parseModelsArgs(['--workers=two'])).toThrow('--workers=two');
    expect(() => parseModelsArgs(['--threads=0'])).toThrow('--threads=0: use a whole number >= 1.');
  });
});
