// The ranges of the training, stage, objective, preview and node fields: a file out of range does
// not load (the schema), an edit out of range is an error (the training pass), and both name the
// field, the value and the range.
import { describe, expect, it } from 'vitest';
import { compileLoaded } from '../graph/compile';
import { testEnv, testRegistry } from '../graph/testing/test-registry';
import { edge, graphDoc, node, objective } from '../graph/testing/doc-builder';
import { boundProblem, trainingBounds } from './field-bounds';
import { MAX_DOCUMENT_DEPTH } from './document.schema';
import { loadDocument } from './load-document';
import { serializeDocument } from './serialize-document';
import type { TesseraDocument } from './document.types';

/** A project file's JSON value, to be edited into a bad one. */
type Raw = TesseraDocument;

const valid = () => {
  const d = graphDoc(
    [node('s', 'test/source'), node('l', 'test/loss'), node('adam', 'test/optimizer')],
    [edge('s.out', 'l.a'), edge('l.loss', 'adam.loss')],
  );
  d.training.stages = [
    { id: 's1', name: 'Main', steps: 10, objectives: [objective('adam', ['s'])] },
  ];
  return d;
};

/** The loaded file's error messages after `edit` changed its JSON value. */
const loadErrors = (edit: (raw: Raw) => void): string[] => {
  const raw = JSON.parse(serializeDocument(valid())) as Raw;
  edit(raw);
  return loadDocument(raw)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.path} ${d.message}`);
};

describe('boundProblem', () => {
  const b = trainingBounds.batchSize;
  it('accepts the ends of the range and refuses what lies past them', () => {
    expect(boundProblem('batch size', b, 1)).toBeUndefined();
    expect(boundProblem('batch size', b, 4096)).toBeUndefined();
    expect(boundProblem('batch size', b, 0)).toBe(
      'batch size is 0; set it to a whole number from 1 to 4096',
    );
    expect(boundProblem('batch size', b, 4097)).toContain('from 1 to 4096');
  });
  it('refuses NaN, Infinity, fractions, text and a missing value, naming each', () => {
    expect(boundProblem('batch size', b, Number.NaN)).toContain('NaN, not a finite number');
    expect(boundProblem('batch size', b, Infinity)).toContain('Infinity, not a finite number');
    expect(boundProblem('batch size', b, 2.5)).toContain('2.5, not a whole number');
    expect(boundProblem('batch size', b, '32')).toContain('"32", not a finite number');
    expect(boundProblem('batch size', b, undefined)).toContain('batch size is missing');
  });
});

describe('the document schema refuses fields out of range', () => {
  it('loads the valid file', () => {
    expect(loadErrors(() => {})).toEqual([]);
  });

  it('refuses batchSize 1e12 with the field and the range, and loads no document', () => {
    const raw = JSON.parse(serializeDocument(valid())) as Raw;
    raw.training.batchSize = 1e12;
    const r = loadDocument(JSON.stringify(raw));
    expect(r.document).toBeUndefined();
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'Field /training/batchSize is invalid: batchSize is 1000000000000; set it to a whole number from 1 to 4096. Fix or remove it in the file.',
    ]);
    expect(r.diagnostics[0]?.path).toBe('/training/batchSize');
  });

  it.each([
    ['seed', (r: Raw): unknown => (r.training.seed = -1), '/training/seed', 'from 0 to 2147483647'],
    [
      'seed 2^31',
      (r: Raw): unknown => (r.training.seed = 2 ** 31),
      '/training/seed',
      'seed is 2147483648',
    ],
    [
      'checkpointEvery',
      (r: Raw): unknown => (r.training.checkpointEvery = 0.5),
      '/training/checkpointEvery',
      'not a whole number',
    ],
    [
      'steps',
      (r: Raw): unknown => (r.training.stages[0]!.steps = 0),
      '/training/stages/0/steps',
      'steps is 0; set it to a whole number from 1 to 10000000',
    ],
    [
      'steps missing',
      (r: Raw): unknown => Reflect.deleteProperty(r.training.stages[0]!, 'steps'),
      '/training/stages/0/steps',
      'steps is missing',
    ],
    [
      'every',
      (r: Raw): unknown => (r.training.stages[0]!.objectives[0]!.every = 1e7),
      '/training/stages/0/objectives/0/every',
      'from 1 to 1000000',
    ],
    [
      'from',
      (r: Raw): unknown => (r.training.stages[0]!.objectives[0]!.from = -3),
      '/training/stages/0/objectives/0/from',
      'from is -3',
    ],
    [
      'clipGradNorm',
      (r: Raw): unknown => (r.training.stages[0]!.objectives[0]!.clipGradNorm = 1e9),
      '/training/stages/0/objectives/0/clipGradNorm',
      'a number from 0 to 1000000',
    ],
    [
      'typeVersion',
      (r: Raw): unknown => (r.nodes.s!.typeVersion = 1.5),
      '/nodes/s/typeVersion',
      'typeVersion is 1.5',
    ],
    [
      'position',
      (r: Raw): unknown => (r.nodes.s!.position.x = 1e300),
      '/nodes/s/position/x',
      'x is 1e+300',
    ],
    [
      'preview every',
      (r: Raw) =>
        (r.previews = { p: { id: 'p', kind: 'scalar', title: '', sources: [], every: 0 } }),
      '/previews/p/every',
      'every is 0',
    ],
  ] as const)('%s', (_name, edit, path, text) => {
    const errors = loadErrors(edit);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(path);
    expect(errors[0]).toContain(text);
  });

  it('refuses NaN and Infinity given as parsed values (JSON text cannot carry them)', () => {
    expect(loadErrors((r) => (r.training.batchSize = Number.NaN))[0]).toContain(
      'batchSize is NaN, not a finite number; set it to a whole number from 1 to 4096',
    );
    expect(loadErrors((r) => (r.training.seed = -Infinity))[0]).toContain(
      'seed is -Infinity, not a finite number',
    );
  });
});

describe('the training pass refuses edits out of range', () => {
  const messages = (edit: (d: ReturnType<typeof valid>) => void): string[] => {
    const d = valid();
    edit(d);
    return compileLoaded(d, testRegistry(), testEnv)
      .diagnostics.filter((x) => x.severity === 'error')
      .map((x) => x.message);
  };

  it('accepts the valid document', () => {
    expect(messages(() => {})).toEqual([]);
  });

  it('names batch size, seed, steps and checkpoint interval with their ranges', () => {
    expect(messages((d) => (d.training.batchSize = 1e12))).toContain(
      'Batch size is 1000000000000; set it to a whole number from 1 to 4096 (32 is a good start).',
    );
    expect(messages((d) => (d.training.batchSize = Number.NaN))[0]).toContain('Batch size is NaN');
    expect(messages((d) => (d.training.seed = 2 ** 40))[0]).toContain(
      'set it to a whole number from 0 to 2147483647',
    );
    expect(messages((d) => (d.training.stages[0]!.steps = Infinity))[0]).toContain(
      'Stage Main runs Infinity steps; set steps to a whole number from 1 to 10000000.',
    );
    expect(messages((d) => (d.training.checkpointEvery = -1))[0]).toContain(
      'Checkpoint interval is -1',
    );
  });
});

describe('the document schema bounds nesting', () => {
  const nested = (depth: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = { d: v };
    return v;
  };

  it('keeps an unknown field nested 20 deep', () => {
    expect(loadErrors((r) => (r.extra = nested(20)))).toEqual([]);
  });

  it('refuses a field nested past the limit (saving it again would overflow the stack), with its path', () => {
    const errors = loadErrors((r) => (r.nodes.s!.extra = nested(20_000)));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\/nodes\/s\/extra\/d\/d\//);
    expect(errors[0]).toContain(`nested more than ${MAX_DOCUMENT_DEPTH} levels deep`);
  });
});
