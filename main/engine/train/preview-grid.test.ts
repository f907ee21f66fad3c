import { describe, expect, it } from 'vitest';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { canonicalCaptions } from '../../../nodes/text/shared/caption-sets';
import { createShapeEnv } from '../data/data-provider';
import { loadTemplate } from '../testing/engine-fixtures';
import { arrangeTiles } from './grid-tiles';
import { previewGrid } from './preview-grid';

const gridsOf = (name: string) => {
  const doc = loadTemplate(name);
  const program = compileDocument(doc, nodeRegistry, createShapeEnv()).program!;
  return (id: string) => previewGrid(program, doc.previews[id]!);
};

describe('diffusion preview grids, read from the graph', () => {
  for (const [name, set] of [
    ['ddpm', 'mnist'],
    ['latent-diffusion', 'fashion-mnist'],
  ] as const) {
    const prompts = canonicalCaptions(set);
    it(`${name}: samples one row per caption, strip R x K steps, sweep R x scales`, () => {
      const grid = gridsOf(name);
      const samples = grid('samples')!;
      const perPrompt = name === 'ddpm' ? 2 : 4;
      expect(samples).toMatchObject({ rows: 10, columns: perPrompt, rowLabels: prompts });
      // Sample i has prompt i mod 10: tile (row p, column j) shows sample j * 10 + p.
      expect(samples.order.slice(0, perPrompt + 1)).toEqual([
        ...Array.from({ length: perPrompt }, (_, j) => j * 10),
        1,
      ]);
      expect(new Set(samples.order).size).toBe(10 * perPrompt);

      const strip = grid('strip')!;
      expect(strip).toMatchObject({ rows: 4, columns: 8, rowLabels: prompts.slice(0, 4) });
      // DDIM over 20 of 1000 steps: 21 states, 8 of them shown, noise first and x0 last:
      // States 0, 3, 6, 9, 11, 14, 17, 20 of 21; state j is x at tau_j = round((19 - j) 999 / 19).
      expect(strip.columnLabels).toEqual([
        'noise',
        't = 841',
        't = 684',
        't = 526',
        't = 421',
        't = 263',
        't = 105',
        'x0',
      ]);
      expect(strip.order).toEqual(Array.from({ length: 32 }, (_, i) => i));

      expect(grid('sweep')).toMatchObject({
        rows: 4,
        columns: 4,
        rowLabels: prompts.slice(0, 4),
        columnLabels: ['w = 0', 'w = 1', 'w = 3', 'w = 5'],
      });
    });
  }

  it('other previews have no grid', () => {
    expect(gridsOf('latent-diffusion')('recon')).toBeUndefined();
    expect(gridsOf('latent-diffusion')('kl')).toBeUndefined();
  });

  it('arrangeTiles puts image order[t] at tile t', () => {
    const batch = {
      data: Float32Array.from([0, 0, 1, 1, 2, 2]),
      count: 3,
      height: 1,
      width: 2,
      channels: 1,
    };
    const out = arrangeTiles(batch, [2, 0, 1]);
    expect(Array.from(out.data)).toEqual([2, 2, 0, 0, 1, 1]);
    expect(out.count).toBe(3);
  });
});
