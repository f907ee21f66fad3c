// Every numeric param of every node type in the registry has a finite range (and a list param a
// finite length), its default lies in it, and checkParam refuses what lies outside: below min,
// above max, NaN, Infinity, a fraction where a whole number is needed. A node type cannot land
// without ranges: this test walks the whole registry.
import { describe, expect, it } from 'vitest';
import { checkParam, type ParamSpec } from '../core/node-contract/param-spec';
import { recordFigure } from '../tests/reliability/figures';
import { nodeRegistry } from './registry';

type NumericSpec = Extract<ParamSpec, { kind: 'int' | 'float' | 'intList' }>;

const numericParams = nodeRegistry.all().flatMap((def) =>
  Object.entries(def.params)
    .filter((e): e is [string, NumericSpec] => ['int', 'float', 'intList'].includes(e[1].kind))
    .map(([name, spec]) => ({ id: `${def.id}.${name}`, name, spec })),
);

const hasRange = (spec: NumericSpec): boolean =>
  Number.isFinite(spec.min) &&
  Number.isFinite(spec.max) &&
  (spec.min as number) <= (spec.max as number) &&
  (spec.kind !== 'intList' || Number.isFinite(spec.maxLength));

/** A value of the param's shape holding `v` (a list param: its shortest allowed list of v). */
const holding = (spec: NumericSpec, v: number): number | number[] =>
  spec.kind === 'intList' ? Array.from({ length: Math.max(spec.minLength ?? 1, 1) }, () => v) : v;

describe('numeric node params have ranges', () => {
  it('walks a registry of the real size', () => {
    expect(nodeRegistry.all().length).toBeGreaterThan(60);
    expect(numericParams.length).toBeGreaterThan(150);
  });

  it('every int, float and intList param declares a finite min and max (lists: a max length)', () => {
    const missing = numericParams.filter((p) => !hasRange(p.spec)).map((p) => p.id);
    const ranged = numericParams.length - missing.length;
    recordFigure({
      area: 'bounds',
      label: 'numeric node params with a finite min and max',
      value: `${ranged}/${numericParams.length}`,
      target: 'all',
      pass: missing.length === 0,
      source: 'nodes/param-ranges.reliability.test.ts',
    });
    expect(missing).toEqual([]);
  });

  it('every default lies in its range', () => {
    const bad = numericParams
      .filter((p) => checkParam(p.name, p.spec, p.spec.default) !== undefined)
      .map((p) => `${p.id}: ${checkParam(p.name, p.spec, p.spec.default)}`);
    expect(bad).toEqual([]);
  });

  it.each(numericParams.map((p) => [p.id, p] as const))(
    '%s refuses below min, above max, NaN, Infinity and fractions for whole numbers',
    (_id, { name, spec }) => {
      const min = spec.min as number;
      const max = spec.max as number;
      const refused = (v: number): string | undefined => checkParam(name, spec, holding(spec, v));
      expect(refused(min)).toBeUndefined();
      expect(refused(max)).toBeUndefined();
      const step = spec.kind === 'float' ? Math.max(Math.abs(max), Math.abs(min), 1) * 1e-6 : 1;
      expect(refused(min - step)).toContain(String(min));
      expect(refused(max + step)).toContain(String(max));
      expect(refused(Number.NaN)).toBeDefined();
      expect(refused(Number.POSITIVE_INFINITY)).toBeDefined();
      expect(refused(Number.NEGATIVE_INFINITY)).toBeDefined();
      if (spec.kind !== 'float' && max > min) expect(refused(min + 0.5)).toBeDefined();
      if (spec.kind === 'intList') {
        const tooLong = Array.from({ length: (spec.maxLength ?? 0) + 1 }, () => min);
        expect(checkParam(name, spec, tooLong)).toContain('at most');
      }
    },
  );
});
