// Lint rules, including the import boundaries of DESIGN.md:
// core/ and nodes/ import no runtime (tf comes in as an argument, `import type` only);
// renderer/ never imports main/; main/ never imports renderer/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const runtimePackages = [
  {
    name: '@tensorflow/tfjs',
    message: 'core/ and nodes/ take tf as an argument: use `import type`.',
    allowTypeImports: true,
  },
  {
    name: '@tensorflow/tfjs-core',
    message: 'core/ and nodes/ take tf as an argument: use `import type`.',
    allowTypeImports: true,
  },
  { name: '@tensorflow/tfjs-backend-wasm', message: 'Backends belong to main/engine.' },
  { name: '@tensorflow/tfjs-node', message: 'Backends belong to main/engine.' },
  { name: 'electron', message: 'Electron belongs to main/electron.' },
  { name: 'react', message: 'React belongs to renderer/.' },
  { name: 'react-dom', message: 'React belongs to renderer/.' },
  { name: 'fs', message: 'core/ and nodes/ do no I/O: the engine passes data in.' },
  { name: 'node:fs', message: 'core/ and nodes/ do no I/O: the engine passes data in.' },
  { name: 'fs/promises', message: 'core/ and nodes/ do no I/O.' },
  { name: 'node:fs/promises', message: 'core/ and nodes/ do no I/O.' },
  { name: 'worker_threads', message: 'Threads belong to main/engine.' },
  { name: 'node:worker_threads', message: 'Threads belong to main/engine.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'runs/**',
      'coverage/**',
      'tmp/**',
      'tests/fixtures/**',
      'docs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['*.config.ts', '*.config.js', 'renderer/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['core/**/*.ts', 'nodes/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: runtimePackages,
          patterns: [
            {
              group: ['**/main/**', '../main/*', '../../main/*'],
              message: 'core/ and nodes/ never import main/.',
            },
            { group: ['**/renderer/**'], message: 'core/ and nodes/ never import renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: runtimePackages.filter((p) => !p.name.startsWith('react')),
          patterns: [
            {
              group: ['**/main/**'],
              message: 'The renderer never imports main/: talk to the engine through core/ipc.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'main/ never imports renderer/.' }] },
      ],
    },
  },
);
