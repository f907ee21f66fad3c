// The generated program for the toy IR, checked against a golden file reviewed as a diff.
// After an intended change: UPDATE_GOLDEN=1 npx vitest run core/codegen/golden.test.ts
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry } from '../node-contract/node-definition';
import { exportProgram } from './export-program';
import { exportInference } from './export-inference';
import { fakeDefs, fakeDocument, fakeProgram } from './testing/fake-program';

const golden = (name: string): string =>
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../tests/export/golden', name);
const registry = createRegistry(Object.values(fakeDefs));

const check = (name: string, text: string): void => {
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden(name), text);
  expect(text).toBe(readFileSync(golden(name), 'utf8'));
};

describe('golden files', () => {
  it('training program', () => {
    check(
      'toy-program.ts.golden',
      exportProgram(fakeProgram(), fakeDocument(), registry, { baseName: 'toy' }).files['toy.ts']!,
    );
  });
  it('inference entry', () => {
    check(
      'toy-inference.ts.golden',
      exportInference(fakeProgram(), fakeDocument(), registry, { moduleId: 'block' }).files[
        'inference.ts'
      ]!,
    );
  });
});
