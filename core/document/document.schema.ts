// The zod schema of the project format in document.types.ts. Every object is loose: unknown
// fields are kept, never dropped. Fields that a hand-written or older file may leave out get
// defaults. The numeric fields outside node params have ranges (field-bounds.ts, which the
// training pass checks too, for edits); node params are checked by the params pass against their
// node type's specs, so that the message can name the node.
import * as z from 'zod';
import { APP_VERSION } from './app-version';
import { DOCUMENT_FORMAT } from './document.types';
import {
  boundProblem,
  nodeBounds,
  objectiveBounds,
  previewBounds,
  stageBounds,
  trainingBounds,
  type NumberBound,
} from './field-bounds';

/** Any finite number (zod's number refuses NaN and Infinity). */
const finite = z.number();

/** A number in `bound`; the message names the field (`name`), the value and the range. */
const bounded = (name: string, bound: NumberBound) =>
  z
    .number({ error: (issue) => boundProblem(name, bound, issue.input) ?? 'not a number' })
    .superRefine((value, ctx) => {
      const problem = boundProblem(name, bound, value);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    });

export const paramValueSchema = z.union([finite, z.boolean(), z.string(), z.array(finite)]);

export const portRefSchema = z.looseObject({ node: z.string(), port: z.string() });

export const docNodeSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  typeVersion: bounded('typeVersion', nodeBounds.typeVersion).default(1),
  label: z.string().optional(),
  params: z.record(z.string(), paramValueSchema).default(() => ({})),
  position: z
    .looseObject({
      x: bounded('x', nodeBounds.position),
      y: bounded('y', nodeBounds.position),
    })
    .default(() => ({ x: 0, y: 0 })),
});

export const docEdgeSchema = z.looseObject({
  id: z.string(),
  source: portRefSchema,
  target: portRefSchema,
});

export const moduleParamDeclSchema = z.looseObject({
  kind: z.enum(['int', 'float', 'bool', 'enum', 'string']),
  default: z.union([finite, z.boolean(), z.string()]),
  min: finite.optional(),
  max: finite.optional(),
  options: z.array(z.string()).optional(),
  doc: z.string().optional(),
});

export const docModuleSchema = z.looseObject({
  id: z.string(),
  name: z.string().default(''),
  params: z.record(z.string(), moduleParamDeclSchema).default(() => ({})),
  doc: z.string().optional(),
  nodes: z.record(z.string(), docNodeSchema).default(() => ({})),
  edges: z.record(z.string(), docEdgeSchema).default(() => ({})),
});

export const objectiveSchema = z.looseObject({
  id: z.string(),
  name: z.string().default(''),
  optimizer: z.string(),
  updates: z.array(z.string()).default(() => []),
  every: bounded('every', objectiveBounds.every).default(1),
  from: bounded('from', objectiveBounds.from).default(0),
  clipGradNorm: bounded('clipGradNorm', objectiveBounds.clipGradNorm).default(0),
});

export const stageSchema = z.looseObject({
  id: z.string(),
  name: z.string().default(''),
  steps: bounded('steps', stageBounds.steps),
  objectives: z.array(objectiveSchema).default(() => []),
  frozen: z.array(z.string()).optional(),
});

export const previewKindSchema = z.enum([
  'image-grid',
  'reconstruction',
  'samples',
  'denoising-strip',
  'guidance-sweep',
  'codebook-usage',
  'attention-map',
  'scalar',
  'text',
  'node-preview',
]);

export const previewSchema = z.looseObject({
  id: z.string(),
  kind: previewKindSchema,
  title: z.string().default(''),
  sources: z.array(portRefSchema).default(() => []),
  every: bounded('every', previewBounds.every).default(100),
});

export const trainingConfigSchema = z.looseObject({
  seed: bounded('seed', trainingBounds.seed).default(0),
  batchSize: bounded('batchSize', trainingBounds.batchSize).default(32),
  stages: z.array(stageSchema).default(() => []),
  checkpointEvery: bounded('checkpointEvery', trainingBounds.checkpointEvery).default(0),
});

export const defaultTrainingConfig = (): z.output<typeof trainingConfigSchema> => ({
  seed: 0,
  batchSize: 32,
  stages: [],
  checkpointEvery: 0,
});

/** Deeper than this, a value cannot be saved again (serialising recurses); projects nest about 10. */
export const MAX_DOCUMENT_DEPTH = 64;

/** The path to the first value nested deeper than MAX_DOCUMENT_DEPTH, without recursing. */
export const tooDeepAt = (root: unknown): (string | number)[] | undefined => {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: root, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= MAX_DOCUMENT_DEPTH) return path;
    for (const k of Object.keys(v))
      stack.push({
        v: (v as Record<string, unknown>)[k],
        path: [...path, Array.isArray(v) ? Number(k) : k],
      });
  }
  return undefined;
};

export const documentSchema = z
  .looseObject({
    format: z.literal(DOCUMENT_FORMAT),
    formatVersion: z.number().int().min(0),
    appVersion: z.string().default(APP_VERSION),
    name: z.string().default('Untitled'),
    description: z.string().optional(),
    nodes: z.record(z.string(), docNodeSchema).default(() => ({})),
    edges: z.record(z.string(), docEdgeSchema).default(() => ({})),
    modules: z.record(z.string(), docModuleSchema).default(() => ({})),
    training: trainingConfigSchema.default(defaultTrainingConfig),
    previews: z.record(z.string(), previewSchema).default(() => ({})),
  })
  .superRefine((doc, ctx) => {
    const path = tooDeepAt(doc);
    if (path)
      ctx.addIssue({
        code: 'custom',
        path,
        message: `values are nested more than ${MAX_DOCUMENT_DEPTH} levels deep here (a project nests about 10); remove or flatten this field`,
      });
  });
