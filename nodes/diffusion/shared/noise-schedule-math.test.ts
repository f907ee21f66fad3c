import { describe, expect, it } from 'vitest';
import {
  cosineAlphaBarAt,
  cosineBetas,
  ddimTimesteps,
  linearBetas,
  scheduleProblems,
  scheduleTables,
} from './noise-schedule-math';

const spec = { schedule: 'linear', steps: 1000, betaStart: 1e-4, betaEnd: 0.02, cosineS: 0.008 };

describe('diffusion noise-schedule math', () => {
  it('linear: betas run from betaStart to betaEnd; alphaBar_t = prod (1 - beta_s)', () => {
    const { betas, alphas, alphaBar } = scheduleTables(spec);
    expect(betas.length).toBe(1000);
    expect(betas[0]).toBeCloseTo(1e-4, 15);
    expect(betas[999]).toBeCloseTo(0.02, 15);
    expect(betas[500]! - betas[499]!).toBeCloseTo((0.02 - 1e-4) / 999, 15);
    for (const t of [0, 1, 10, 250, 999]) {
      let p = 1;
      for (let s = 0; s <= t; s++) p *= 1 - (1e-4 + ((0.02 - 1e-4) * s) / 999);
      expect(alphaBar[t]).toBeCloseTo(p, 14);
      expect(alphas[t]).toBeCloseTo(1 - betas[t]!, 15);
    }
    // Ho et al. 2020: alphaBar_T is about 4e-5, so x_T is nearly pure noise.
    expect(alphaBar[999]).toBeGreaterThan(3e-5);
    expect(alphaBar[999]).toBeLessThan(5e-5);
    expect(linearBetas(1, 0.3, 0.5)[0]).toBe(0.3);
  });

  it('cosine: alphaBar_t = f(t+1)/f(0) with f(t) = cos(((t/T)+s)/(1+s) pi/2)^2, betas clipped at 0.999', () => {
    const T = 1000;
    const s = 0.008;
    const { betas, alphaBar } = scheduleTables({ ...spec, schedule: 'cosine' });
    const f = (t: number): number => Math.cos(((t / T + s) / (1 + s)) * (Math.PI / 2)) ** 2;
    for (const t of [0, 1, 100, 500, 900, 990]) {
      expect(alphaBar[t]).toBeCloseTo(f(t + 1) / f(0), 10);
      expect(cosineAlphaBarAt(t + 1, T, s)).toBeCloseTo(f(t + 1) / f(0), 14);
    }
    expect(Math.max(...betas)).toBeLessThanOrEqual(0.999);
    expect(betas[T - 1]).toBe(0.999); // f(T) = 0: the last beta is the clipped one
    expect(alphaBar[T - 1]).toBeGreaterThan(0);
    expect(Array.from(cosineBetas(4, 0.008)).every((b, i, a) => i === 0 || b >= a[i - 1]!)).toBe(
      true,
    );
  });

  it('DDIM timesteps: S evenly spaced, descending from T-1 to 0, distinct', () => {
    expect(ddimTimesteps(1000, 50)[0]).toBe(999);
    expect(ddimTimesteps(1000, 50).at(-1)).toBe(0);
    expect(new Set(ddimTimesteps(1000, 50)).size).toBe(50);
    expect(ddimTimesteps(10, 10)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(ddimTimesteps(7, 1)).toEqual([6]);
  });

  it('names the fix for bad params', () => {
    expect(scheduleProblems(spec)).toEqual([]);
    expect(scheduleProblems({ ...spec, steps: 0 })[0]).toMatch(/at least 1/);
    expect(scheduleProblems({ ...spec, betaStart: 0.1, betaEnd: 0.01 })[0]).toMatch(/swap them/);
  });
});
