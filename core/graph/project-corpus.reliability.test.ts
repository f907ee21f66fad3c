// A seeded corpus of broken project files: mutations (testing/project-mutations.ts) of every
// shipped template and block and of every fixture under tests/fixtures, read as text (and as a
// parsed value, where NaN and Infinity survive) by loadDocument, then migrated and compiled
// through every pass, then saved and loaded again. Asserts: no exception escapes, every file
// that does not load says why (an error), no internal-error diagnostic, no file takes a second,
// Object.prototype (and Array's, Function's) unchanged, and load -> serialize -> load is the
// identity for every template and fixture that loads. TESSERA_CORPUS_FILES sets the corpus size
// (default 4,000 under a plain run; the reliability run never does fewer than 10,000, ~45 s on a
// quiet 2-core machine).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { loadDocument } from '../document/load-document';
import { serializeDocument } from '../document/serialize-document';
import { createRegistry, type ShapeEnv } from '../node-contract/node-definition';
import { allNodeDefinitions } from '../../nodes/registry';
import { recordFigure, reliabilityOutVar } from '../../tests/reliability/figures';
import { compileDocument } from './compile';
import { testNodes } from './testing/fake-nodes';
import {
  graphMutationKinds,
  mutateProject,
  mutationKinds,
  type Mutation,
} from './testing/project-mutations';

const SOURCE = 'core/graph/project-corpus.reliability.test.ts';
/** Issue 16, item 2. */
const SEED = 1602;
const MIN_RELIABILITY_FILES = 10_000;
const HANG_MS = 1000;

const root = join(__dirname, '../..');
const jsonFiles = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json') && f !== 'expected-diagnostics.json')
    .sort()
    .map((f) => join(dir, f));

const baseFiles = [
  ...jsonFiles('templates'),
  ...jsonFiles('templates/blocks'),
  ...jsonFiles('tests/fixtures/bad-projects'),
  ...jsonFiles('tests/fixtures/migrations'),
];
/** The shipped templates and blocks come first in `bases`. */
const shippedCount = jsonFiles('templates').length + jsonFiles('templates/blocks').length;
const bases = baseFiles.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));

// The real node library and the compiler tests' fake nodes (the bad-project fixtures use them).
const registry = createRegistry([...allNodeDefinitions, ...testNodes]);
const realTypes = registry.all().map((d) => d.id);
const env: ShapeEnv = {
  datasets: {
    mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 },
    'fashion-mnist': { available: true, height: 28, width: 28, channels: 1, classes: 10 },
  },
};

/** Under a plain test run (2 shared cores): about 20 s quiet, 45 s loaded. */
const PLAIN_RUN_FILES = 4000;
const requested = Number(process.env.TESSERA_CORPUS_FILES ?? PLAIN_RUN_FILES);
const files = process.env[reliabilityOutVar]
  ? Math.max(Number.isFinite(requested) ? requested : 0, MIN_RELIABILITY_FILES)
  : Math.max(1, Math.floor(Number.isFinite(requested) ? requested : PLAIN_RUN_FILES));

/** Own property names and descriptors of the shared prototypes, to compare before and after. */
const prototypeSnapshot = (): string =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) =>
      Object.getOwnPropertyNames(p)
        .sort()
        .map((k) => `${k}:${typeof Object.getOwnPropertyDescriptor(p, k)?.value}`)
        .join(','),
    )
    .join('|');

const isInternal = (d: Diagnostic): boolean =>
  d.source === 'compiler' || d.message.startsWith('Could not read this project (');

interface Failure {
  file: string;
  problem: string;
}

/** What the corpus reached: files refused at load, loaded, and loaded with compile errors. */
interface Reach {
  refused: number;
  loaded: number;
  compileErrors: number;
}

/**
 * One corpus file through load, migrate + compile, save and load again (a loaded file saves to
 * text that loads to the same document and saves to the same text); returns what went wrong.
 */
const check = (input: unknown, reach: Reach): string | undefined => {
  // compileDocument loads (loadDocument, with the format migrations), migrates node params and
  // runs every pass; its document is the loaded one, as the app would save it.
  const compiled = compileDocument(input, registry, env);
  const internal = compiled.diagnostics.find(isInternal);
  if (internal) return `internal error: ${internal.message.slice(0, 300)}`;
  if (!compiled.document) {
    if (!compiled.diagnostics.some((d) => d.severity === 'error'))
      return 'not loaded, and no error says why';
    reach.refused++;
    return undefined;
  }
  reach.loaded++;
  if (compiled.diagnostics.some((d) => d.severity === 'error')) reach.compileErrors++;
  const saved = serializeDocument(compiled.document);
  const again = loadDocument(saved);
  if (!again.document)
    return `saved, it no longer loads: ${again.diagnostics[0]?.message.slice(0, 300)}`;
  if (serializeDocument(again.document) !== saved) return 'saved twice, the texts differ';
  return undefined;
};

describe('project corpus', () => {
  it('has every template, block and fixture as a base', () => {
    expect(bases.filter((b) => b.path.startsWith('templates/')).length).toBeGreaterThanOrEqual(16);
    expect(bases.length).toBeGreaterThanOrEqual(50);
  });

  it(`${files} mutated project files: no exception, no hang, no pollution, always a diagnostic`, () => {
    const before = prototypeSnapshot();
    let tried = 0;
    const reach: Reach = { refused: 0, loaded: 0, compileErrors: 0 };
    let uncaught = 0;
    let hangs = 0;
    let polluted = 0;
    let slowestMs = 0;
    let slowest = '';
    const failures: Failure[] = [];
    const plan = fc.record({
      // Half the files start from a template or block (they reach every pass), half from any base.
      base: fc.oneof(fc.nat({ max: shippedCount - 1 }), fc.nat({ max: bases.length - 1 })),
      mutations: fc.array(
        fc.record({
          // Graph-level damage twice as often as damage that the loader refuses outright.
          kind: fc.oneof(
            { arbitrary: fc.constantFrom(...graphMutationKinds), weight: 2 },
            { arbitrary: fc.constantFrom(...mutationKinds), weight: 1 },
          ),
          picks: fc.array(fc.nat({ max: 1_000_000 }), { minLength: 3, maxLength: 3 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      asValue: fc.boolean(),
    });
    fc.assert(
      fc.property(plan, ({ base, mutations, asValue }) => {
        const b = bases[base]!;
        const file = mutateProject(b.text, mutations as Mutation[], realTypes);
        const name = `${b.path} + ${mutations.map((m) => m.kind).join(', ')}`;
        const input = asValue && 'value' in file ? file.value : file.text;
        tried++;
        const t0 = performance.now();
        let problem: string | undefined;
        try {
          problem = check(input, reach);
        } catch (e) {
          uncaught++;
          problem = `uncaught: ${e instanceof Error ? e.stack?.slice(0, 600) : String(e)}`;
        }
        const ms = performance.now() - t0;
        if (ms > slowestMs) {
          slowestMs = ms;
          slowest = name;
        }
        if (ms > HANG_MS) hangs++;
        if (prototypeSnapshot() !== before || ({} as Record<string, unknown>).polluted) {
          polluted++;
          problem ??= 'Object.prototype changed';
        }
        if (problem) {
          failures.push({ file: name, problem });
          throw new Error(`${name}: ${problem}`);
        }
      }),
      { seed: SEED, numRuns: files, endOnFailure: true },
    );
    const slow = Math.round(slowestMs);
    recordFigure({
      area: 'bounds',
      label: 'project files tried (mutated templates and fixtures)',
      value: tried,
      target: `>= ${MIN_RELIABILITY_FILES}`,
      pass: tried >= MIN_RELIABILITY_FILES,
      source: SOURCE,
    });
    recordFigure({
      area: 'bounds',
      label: 'uncaught exceptions',
      value: uncaught,
      target: '0',
      pass: uncaught === 0,
      source: SOURCE,
    });
    recordFigure({
      area: 'bounds',
      label: `hangs (a file over ${HANG_MS} ms)`,
      value: hangs,
      target: '0',
      pass: hangs === 0,
      source: SOURCE,
    });
    recordFigure({
      area: 'bounds',
      label: 'slowest file, ms (load, compile, save, reload)',
      value: slow,
      target: `< ${HANG_MS}`,
      pass: slow < HANG_MS,
      source: SOURCE,
    });
    recordFigure({
      area: 'bounds',
      label: 'prototype pollution (files that changed Object.prototype)',
      value: polluted,
      target: '0',
      pass: polluted === 0,
      source: SOURCE,
    });
    console.info(
      `project corpus: ${tried} files (${reach.refused} refused at load, ${reach.loaded} loaded, ${reach.compileErrors} of them with compile errors), slowest ${slowestMs.toFixed(1)} ms (${slowest})`,
    );
    expect(failures).toEqual([]);
    expect(uncaught).toBe(0);
    expect(hangs).toBe(0);
    expect(polluted).toBe(0);
    expect(prototypeSnapshot()).toBe(before);
    expect(tried).toBe(files);
    // The corpus reaches both the loader's refusals and the compiler's passes.
    if (files >= 1000) {
      expect(reach.refused).toBeGreaterThan(files / 5);
      expect(reach.loaded).toBeGreaterThan(files / 5);
      expect(reach.compileErrors).toBeGreaterThan(files / 10);
    }
  }, 600_000);

  it('load -> serialize -> load is the identity for every template and fixture that loads', () => {
    const loadable = bases
      .map((b) => ({ ...b, doc: loadDocument(b.text).document }))
      .filter((b) => b.doc !== undefined);
    const differs = loadable
      .filter((b) => {
        const text = serializeDocument(b.doc!);
        const again = loadDocument(text).document;
        return !(
          again !== undefined &&
          isDeepStrictEqual(again, b.doc) &&
          serializeDocument(again) === text
        );
      })
      .map((b) => b.path);
    const same = loadable.length - differs.length;
    recordFigure({
      area: 'bounds',
      label: 'round-trip identity (load, save, load) of templates and fixtures',
      value: `${same}/${loadable.length}`,
      target: 'all',
      pass: same === loadable.length,
      source: SOURCE,
    });
    // Every template and block, the migration fixtures and the bad projects that are well-formed files.
    expect(differs).toEqual([]);
    expect(loadable.length).toBeGreaterThanOrEqual(16 + 4);
  });
});
