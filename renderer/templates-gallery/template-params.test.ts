import { describe, expect, it } from 'vitest';
import type { ShapeEnv } from '../../core/node-contract/node-definition';
import { nodeRegistry } from '../../nodes/registry';
import convAutoencoder from '../../templates/conv-autoencoder.json';
import oadtr from '../../templates/oadtr.json';
import vqgan from '../../templates/vqgan.json';
import { paramsLine, templateParams } from './template-params';

const env: ShapeEnv = {
  datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
};

describe("a template's parameter count in the details view", () => {
  it('is exact when every node is counted', () => {
    // Conv2D 3x3 1->16 (160) and 16->32 (4,640), ConvTranspose2D 4x4 32->16 (8,208) and 16->1
    // (257), with biases: 13,265.
    const p = templateParams(structuredClone(convAutoencoder), nodeRegistry, env)!;
    expect(p).toEqual({ params: 13265, exact: true, uncounted: [] });
    expect(paramsLine(p)).toBe('13,265 parameters');
  });

  it('is a lower bound naming the uncounted nodes otherwise', () => {
    const p = templateParams(structuredClone(oadtr), nodeRegistry, env)!;
    expect(p.exact).toBe(false);
    // docs/results/oadtr.md: the trained model has 122,124; learned positions are not counted here.
    expect(p.params).toBeGreaterThan(100_000);
    expect(p.params).toBeLessThanOrEqual(122_124);
    expect(p.uncounted).toContain('Learned positions');
    expect(paramsLine(p)).toMatch(/^at least \d{3},\d{3} parameters$/);
  });

  it('is absent when nothing could be counted or the file does not load', () => {
    expect(templateParams(structuredClone(vqgan), nodeRegistry, env)).toBeUndefined();
    expect(templateParams({ format: 'nope' }, nodeRegistry, env)).toBeUndefined();
    expect(templateParams(undefined, nodeRegistry, env)).toBeUndefined();
  });
});
