// The saved project format (what a .tessera.json file holds). Records are keyed by id so that
// undo/redo patch paths name ids, not array positions. Unknown fields are kept, never dropped.
import type { ParamValue } from '../node-contract/param-spec';

export const DOCUMENT_FORMAT = 'tessera.project';
export const CURRENT_FORMAT_VERSION = 2;

export interface PortRef {
  node: string;
  port: string;
}

export interface DocNode {
  id: string;
  /** Node type id, e.g. 'quantize/vector-quantizer'. */
  type: string;
  /** Version of the node type the params were saved with (for param migrations). */
  typeVersion: number;
  label?: string;
  params: Record<string, ParamValue>;
  position: { x: number; y: number };
  [unknown: string]: unknown;
}

export interface DocEdge {
  id: string;
  source: PortRef;
  target: PortRef;
  [unknown: string]: unknown;
}

/**
 * A named subgraph with its own ports. Inside, 'module/input' and 'module/output' nodes
 * (param `name`) define the ports. A 'module/instance' node (param `module`) calls it:
 * instances share weights unless `weights` is 'copy' (own weights) or 'ema'
 * (an exponential moving average of the shared weights, param `emaDecay`).
 * A 'module/handle' node (param `module`) puts the module on a 'model' edge, so that
 * samplers can call it repeatedly.
 */
/**
 * A param a module declares (width, heads, ...). Inner nodes refer to it with a param value
 * "=width" (or an expression such as "=width * 2"); each Module Instance sets its own value
 * under the same key in its params, or gets the default.
 */
export interface ModuleParamDecl {
  kind: 'int' | 'float' | 'bool' | 'enum' | 'string';
  default: number | boolean | string;
  min?: number;
  max?: number;
  options?: string[];
  doc?: string;
  [unknown: string]: unknown;
}

export interface DocModule {
  id: string;
  name: string;
  /** Declared params, by name (format version 2). */
  params: Record<string, ModuleParamDecl>;
  /** Shown in the palette for modules shipped as blocks. */
  doc?: string;
  nodes: Record<string, DocNode>;
  edges: Record<string, DocEdge>;
  [unknown: string]: unknown;
}

/** An `updates` entry meaning every trainable weight of the project (as Keras's fit trains the model). */
export const UPDATES_ALL = '*';

export interface Objective {
  id: string;
  name: string;
  /** The optimizer node; the loss is whatever feeds its 'loss' input. */
  optimizer: string;
  /** Node ids and module ids whose weights this objective updates; '*' (UPDATES_ALL) is every weight. */
  updates: string[];
  /** Run every k steps (n_critic, generator updates). */
  every: number;
  /** First step at which it runs (discriminator warm-up). */
  from: number;
  /** Clip the global gradient norm; 0 disables. */
  clipGradNorm: number;
  [unknown: string]: unknown;
}

export interface Stage {
  id: string;
  name: string;
  steps: number;
  objectives: Objective[];
  /** Node and module ids held fixed during the stage (stage 2: the frozen encoder). */
  frozen?: string[];
  [unknown: string]: unknown;
}

/** 'node-preview': the first source node's own `layer.preview()` data (e.g. MADE's masks), drawn as an image when its kind is known. 'text': the source is evaluated and its node's `layer.preview()` text ({ kind: 'text', prompt, samples }) is shown (the Text Sampler). */
export type PreviewKind =
  | 'image-grid'
  | 'reconstruction'
  | 'samples'
  | 'denoising-strip'
  | 'guidance-sweep'
  | 'codebook-usage'
  | 'attention-map'
  | 'scalar'
  | 'text'
  | 'node-preview';

export interface Preview {
  id: string;
  kind: PreviewKind;
  title: string;
  /** Outputs shown; a reconstruction pairs input and output. */
  sources: PortRef[];
  /** Refresh every k steps. */
  every: number;
  [unknown: string]: unknown;
}

export interface TrainingConfig {
  seed: number;
  batchSize: number;
  stages: Stage[];
  /** Save a checkpoint every k steps; 0 saves only at the end. */
  checkpointEvery: number;
  [unknown: string]: unknown;
}

export interface TesseraDocument {
  format: typeof DOCUMENT_FORMAT;
  formatVersion: number;
  appVersion: string;
  name: string;
  description?: string;
  nodes: Record<string, DocNode>;
  edges: Record<string, DocEdge>;
  modules: Record<string, DocModule>;
  training: TrainingConfig;
  previews: Record<string, Preview>;
  [unknown: string]: unknown;
}
