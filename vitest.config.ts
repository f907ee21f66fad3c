import { defineConfig } from 'vitest/config';

export const testTimeoutMs = 120_000;

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'nodes/**/*.test.ts',
      'main/**/*.test.ts',
      'templates/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'tests/unit/**/*.test.ts',
      'tests/reliability/**/*.test.ts',
    ],
    exclude: ['node_modules', 'dist', 'tests/e2e/**'],
    testTimeout: testTimeoutMs,
    hookTimeout: testTimeoutMs,
    pool: 'forks',
    maxWorkers: 2,
  },
});
