// Labels are user text: whatever they contain, the generated program must parse and contain
// exactly the statements it would contain with harmless labels (names may differ, strings
// hold the text as data).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import ts from 'typescript';
import { createRegistry } from '../node-contract/node-definition';
import { exportProgram } from './export-program';
import { RESERVED_WORDS } from './identifiers';
import { PROGRAM_NAMES } from './plan';
import {
  fakeDefs,
  fakeDocument,
  fakeProgram,
  plainLabels,
  type FakeLabels,
} from './testing/fake-program';

const registry = createRegistry(Object.values(fakeDefs));

/** Names the program itself uses (variables, classes, members): they must stay where they are. */
const vocabulary = new Set([...RESERVED_WORDS, ...PROGRAM_NAMES]);

/**
 * Token stream with comments dropped, string contents erased, and identifiers made from
 * labels collapsed to ID (the program's own vocabulary is kept verbatim, so a label that
 * turned into `out` or `m` would show up as a difference).
 */
const shape = (code: string): { tokens: string[]; errors: number } => {
  const file = ts.createSourceFile('m.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const errors = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, code);
  const tokens: string[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.Identifier) {
      const t = scanner.getTokenText();
      tokens.push(vocabulary.has(t) ? t : 'ID');
    } else if (
      k === ts.SyntaxKind.StringLiteral ||
      k === ts.SyntaxKind.NoSubstitutionTemplateLiteral
    )
      tokens.push('STRING');
    else tokens.push(ts.SyntaxKind[k] ?? String(k));
  }
  return { tokens, errors };
};

const nasty = fc.constantFrom(
  '*/',
  '/*',
  '`',
  '${',
  '}',
  '"',
  "'",
  '\\',
  '\u2028',
  '\u2029',
  '\n',
  '\r',
  '</script>',
  '//',
  'constructor',
  '__proto__',
  ')',
  '; process.exit(1); //',
  'class',
  '\u0000',
);
const label = fc
  .array(
    fc.oneof(nasty, fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const labelsArb: fc.Arbitrary<FakeLabels> = fc.record({
  nodes: fc.record({
    fc1: label,
    fc2: label,
    data: label,
    enc: label,
    dec: label,
    ema: label,
    head: label,
    rec: label,
    cp: label,
    samp: label,
    opt1: label,
    h: label,
  }),
  module: label,
  objectives: fc.tuple(label, label),
  project: label,
});

describe('labels cannot inject code', () => {
  const reference = shape(
    exportProgram(fakeProgram(plainLabels), fakeDocument(plainLabels.project), registry).files[
      'model.ts'
    ]!,
  );

  it('the reference program parses', () => {
    expect(reference.errors).toBe(0);
    expect(reference.tokens.length).toBeGreaterThan(500);
  });

  it("names made from labels are unique and never one of the program's own names", () => {
    fc.assert(
      fc.property(labelsArb, (labels) => {
        const code = exportProgram(fakeProgram(labels), fakeDocument(labels.project), registry)
          .files['model.ts']!;
        const locals = [...code.matchAll(/const (\w+) = /g)].map((m) => m[1]!);
        const fields = [...code.matchAll(/readonly (\w+):/g)]
          .map((m) => m[1]!)
          .filter((n) => n !== 'shared');
        for (const n of [...locals, ...fields])
          expect(
            ['shared', 'rt', 'm', 'stages', 'allLayers', 'losses', 'value', 'layers'].includes(n) ||
              !vocabulary.has(n),
          ).toBe(true);
        expect(new Set(fields).size).toBe(fields.length);
      }),
      { numRuns: 50 },
    );
  });

  it('any labels give the same statements', () => {
    fc.assert(
      fc.property(labelsArb, (labels) => {
        const r = exportProgram(fakeProgram(labels), fakeDocument(labels.project), registry);
        const s = shape(r.files['model.ts']!);
        expect(s.errors).toBe(0);
        expect(s.tokens).toEqual(reference.tokens);
      }),
      { numRuns: Number(process.env.LABEL_RUNS ?? 150) },
    );
  });

  it('keeps the label text as data where it is shown', () => {
    const labels: FakeLabels = {
      ...plainLabels,
      objectives: ['a */ `${x}` "q" \u2028 b', 'Copy'],
      project: 'P\u2029*/',
    };
    const code = exportProgram(fakeProgram(labels), fakeDocument(labels.project), registry).files[
      'model.ts'
    ]!;
    expect(code).toContain('name: "a */ `${x}` \\"q\\" \\u2028 b",');
    expect(code).toContain('project: "P\\u2029*/",');
    expect(code).not.toMatch(/[\u2028\u2029]/);
  });
});
