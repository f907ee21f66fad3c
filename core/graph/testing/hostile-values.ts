// Hostile values for the project corpus (project-mutations.ts): extreme and non-finite numbers,
// number-like strings, values of every JSON type, deep nesting, unknown node types, long strings.

export const EXTREME_NUMBERS = [
  1e12,
  -1e12,
  1e308,
  -1e308,
  2 ** 53 + 2,
  -(2 ** 53),
  2 ** 31,
  4097,
  65537,
  1e7 + 1,
  -1,
  -0,
  0,
  0.5,
  1.5,
  -0.25,
  5e-324,
  1e-12,
  Number.NaN,
  Infinity,
  -Infinity,
] as const;

export const NAN_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '0x10',
  '',
  ' 32',
  '1_000',
  'null',
];

/** Values of every JSON type (and a few JSON cannot carry, for inputs given as values). */
export const weirdValue = (n: number): unknown => {
  const values: unknown[] = [
    null,
    true,
    false,
    0,
    -1,
    1e300,
    '',
    'text',
    '=width * 2',
    [],
    [1, 2, 3],
    [[1], [2]],
    {},
    { id: 'x' },
    { node: 'a', port: 'b' },
    [null],
    ['a', 'b'],
    { __nested: { deeper: [1, { x: null }] } },
  ];
  return structuredClone(values[n % values.length]);
};

export const deepValue = (depth: number, asObject: boolean): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = asObject ? { d: v } : [v];
  return v;
};

export const UNKNOWN_TYPES = [
  'vendor/magic',
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'module/',
  'layers/dense/extra',
  'x'.repeat(5000),
];

export const longString = (n: number): string => 'ab\u00e9\u{1f600}'.repeat(25_000 + (n % 50_000));
