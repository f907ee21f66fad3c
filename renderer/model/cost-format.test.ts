import { describe, expect, it } from 'vitest';
import type { CostTotals } from '../../core/graph/ir';
import {
  formatBytes,
  formatCount,
  nodeCostLine,
  nodeCostTitle,
  totalsLine,
  totalsTitle,
} from './cost-format';

describe('cost formatting', () => {
  it('counts with k/M/G, three significant digits at most', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(160)).toBe('160');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1k');
    expect(formatCount(1500)).toBe('1.5k');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(28_224)).toBe('28.2k');
    expect(formatCount(705_600)).toBe('706k');
    expect(formatCount(999_960)).toBe('1M');
    expect(formatCount(1_234_567)).toBe('1.23M');
    expect(formatCount(3_400_000_000)).toBe('3.4G');
    expect(formatCount(undefined)).toBe('?');
    expect(formatCount(NaN)).toBe('?');
  });

  it('bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(401_408)).toBe('392 KiB');
    expect(formatBytes(1.5 * 1024 ** 2)).toBe('1.5 MiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GiB');
    expect(formatBytes(undefined)).toBe('?');
  });

  it('the node line: known, unknown, shared and lower-bound costs', () => {
    expect(nodeCostLine({ params: 12_300, macs: 28_224, activationBytes: 10 })).toBe(
      '12.3k params · 28.2k MACs',
    );
    expect(nodeCostLine({ activationBytes: 10, reason: 'ReLU declares no cost' })).toBe(
      '? params · ? MACs',
    );
    expect(nodeCostLine({ params: 36, macs: 32, shared: true })).toBe(
      '36 params (shared) · 32 MACs',
    );
    expect(nodeCostLine({ params: 36, macs: 32, atLeast: true })).toBe('≥36 params · ≥32 MACs');
  });

  it('the node tooltip gives exact numbers, activations at the batch size and the reason', () => {
    const t = nodeCostTitle(
      { params: 13_265, macs: 705_600, activationBytes: 401_408, reason: 'why' },
      32,
    );
    expect(t).toBe(
      'Parameters: 13,265\nMultiply-adds per example: 705,600\nActivations: 392 KiB at batch size 32\n(why)',
    );
    expect(nodeCostTitle({ reason: 'ReLU declares no cost' })).toContain('Parameters: unknown');
  });

  it('the totals line marks lower bounds with +? and the tooltip names the unknown nodes', () => {
    const t: CostTotals = {
      params: 13_265,
      macs: 705_600,
      activationBytes: 1.5 * 1024 ** 2,
      batchSize: 32,
      unknownParams: ['ReLU', 'Sigmoid'],
      unknownMacs: ['ReLU'],
      unknownActivations: [],
    };
    expect(totalsLine(t)).toBe(
      '13.3k+? params · 706k+? MACs/example · 1.5 MiB activations (batch 32)',
    );
    expect(totalsTitle(t)).toContain('Params unknown ("?") for: ReLU, Sigmoid');
    expect(totalsLine({ ...t, unknownParams: [], unknownMacs: [] })).toBe(
      '13.3k params · 706k MACs/example · 1.5 MiB activations (batch 32)',
    );
  });
});
