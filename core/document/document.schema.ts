// The zod schema of the project format in document.types.ts. Every object is loose: unknown
// fields are kept, never dropped. Fields that a hand-written or older file may leave out get
// defaults; the graph passes, not the schema, check ranges (so the messages can name nodes).
import * as z from 'zod';
import { APP_VERSION } from './app-version';
import { DOCUMENT_FORMAT } from './document.types';

const finite = z.number();

export const paramValueSchema = z.union([finite, z.boolean(), z.string(), z.array(finite)]);

export const portRefSchema = z.looseObject({ node: z.string(), port: z.string() });

export const docNodeSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  typeVersion: z.number().int().min(0).default(1),
  label: z.string().optional(),
  params: z.record(z.string(), paramValueSchema).default(() => ({})),
  position: z.looseObject({ x: finite, y: finite }).default(() => ({ x: 0, y: 0 })),
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
  every: finite.default(1),
  from: finite.default(0),
  clipGradNorm: finite.default(0),
});

export const stageSchema = z.looseObject({
  id: z.string(),
  name: z.string().default(''),
  steps: finite,
  objectives: z.array(objectiveSchema).default(() => []),
  frozen: z.array(z.string()).optional(),
});

export const previewKindSchema = z.enum([
  'image-grid',
  'reconstruction',
  'samples',
  'denoising-strip',
  'codebook-usage',
  'attention-map',
  'scalar',
  'node-preview',
]);

export const previewSchema = z.looseObject({
  id: z.string(),
  kind: previewKindSchema,
  title: z.string().default(''),
  sources: z.array(portRefSchema).default(() => []),
  every: finite.default(100),
});

export const trainingConfigSchema = z.looseObject({
  seed: finite.default(0),
  batchSize: finite.default(32),
  stages: z.array(stageSchema).default(() => []),
  checkpointEvery: finite.default(0),
});

export const defaultTrainingConfig = (): z.output<typeof trainingConfigSchema> => ({
  seed: 0,
  batchSize: 32,
  stages: [],
  checkpointEvery: 0,
});

export const documentSchema = z.looseObject({
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
});
