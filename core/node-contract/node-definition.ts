// The node contract: one declaration per node type, used by the editor (ports, params, docs),
// the compiler (inferShapes), the engine (build) and the exporter (emit).
// tf comes in as an argument; this file imports types only.
import type * as tfjs from '@tensorflow/tfjs';
import type { ValueType } from '../shapes/tensor-type';
import type { CostContext, NodeCostResult } from './cost';
import type { CustomCodeLoader } from './custom-code';
import type { Severity } from '../diagnostics/diagnostic';
import type { ParamSpecs, ParamsOf } from './param-spec';
import type { PortSpec } from './port-spec';

export type TF = typeof tfjs;
export type Tensor = tfjs.Tensor;
export type Variable = tfjs.Variable;

export type NodeCategory =
  | 'data'
  | 'layers'
  | 'activation'
  | 'normalization'
  | 'resample'
  | 'shape'
  | 'position'
  | 'blocks'
  | 'encode'
  | 'decode'
  | 'quantize'
  | 'attention'
  | 'transformer'
  | 'gan'
  | 'diffusion'
  | 'autoregressive'
  | 'detection'
  | 'math'
  | 'loss'
  | 'optimize'
  | 'sample'
  | 'metric'
  | 'module';

/** What the trainer does with a node beyond calling it. */
export type NodeRole =
  'layer' | 'dataset' | 'loss' | 'optimizer' | 'sampler' | 'metric' | 'module-io';

// ---------- shape inference (pure, symbolic) ----------

export interface ShapeEnv {
  /** Datasets the engine can load, with their element shapes; a missing one gets a diagnostic. */
  datasets: Record<
    string,
    {
      available: boolean;
      height: number;
      width: number;
      channels: number;
      classes: number;
      howToGet?: string;
    }
  >;
  /** Text corpora by source ('kjv' or a file path) with their character vocabulary size. */
  texts?: Record<string, TextSourceInfo>;
}

export interface TextSourceInfo {
  available: boolean;
  /** Distinct characters of the text (the vocabulary V). */
  vocabSize: number;
  /** Characters in the whole text. */
  length: number;
  howToGet?: string;
}

/** A text as token ids: the vocabulary and the encoded text. */
export interface TextArrays {
  source: string;
  /**
   * characters: vocab[i] is the character of id i (sorted by code point). bytes: the 256 byte values,
   * vocab[i] = String.fromCharCode(i); decode runs of ids as UTF-8 (decodeTokens). Absent: characters.
   */
  tokens?: TextTokens;
  /** vocab[i] is the character (or byte) of token id i. */
  vocab: string[];
  /** The whole text as token ids. */
  ids: Int32Array;
}

export interface ShapeContext<P> {
  nodeId: string;
  params: P;
  /** Types arriving at each input port (undefined when unconnected). */
  inputs: Record<string, ValueType | undefined>;
  env: ShapeEnv;
}

export interface PortDiagnostic {
  severity: Severity;
  port?: string;
  message: string;
}

export interface ShapeResult {
  outputs: Record<string, ValueType>;
  diagnostics: PortDiagnostic[];
}

// ---------- runtime (engine side) ----------

/** Seeded randomness owned by the trainer; its state is saved in checkpoints. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A fresh 31-bit seed for a tf random op (tf.randomNormal(shape, 0, 1, 'float32', seed)). */
  seed(): number;
}

/** A module as a callable value on a 'model' port. */
export interface ModelHandle {
  moduleId: string;
  call(inputs: Record<string, Tensor>, ctx: ApplyContext): Record<string, Tensor>;
}

export interface ApplyContext {
  training: boolean;
  /** Global step (0-based) within the run. */
  step: number;
  batchSize: number;
  split: 'train' | 'test';
  rng: Rng;
  /** Model handles arriving on 'model' input ports. */
  handles: Record<string, ModelHandle>;
}

export interface DatasetArrays {
  name: string;
  /** N x H x W x C floats in [0, 1]. */
  images: Float32Array;
  labels: Int32Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
}

/** What the Image Folder dataset asks of the engine: a folder, and the size to resize to. */
export interface ImageFolderRequest {
  folder: string;
  height: number;
  width: number;
  channels: 1 | 3;
}

/** Every readable image of a folder, resized, labels from its sub-folder names. */
export interface ImageFolderArrays extends DatasetArrays {
  /** classNames[i] is the sub-folder of label i (sorted by name). */
  classNames: string[];
  /** Each image's file, relative to the folder, in the order of `labels`. */
  files: string[];
  /** What the loader noticed and did: skipped files, resized sizes, converted channels. */
  notes: string[];
  /** Read from the decoded cache rather than decoded now. */
  fromCache: boolean;
}

/** How a text becomes tokens: each character (code point) or each UTF-8 byte. */
export type TextTokens = 'characters' | 'bytes';

export interface DataProvider {
  load(name: string, split: 'train' | 'test'): Promise<DatasetArrays>;
  /** A text corpus ('kjv' or a UTF-8 file path), read once; absent where the engine has no texts. */
  loadText?(source: string, tokens?: TextTokens): Promise<TextArrays>;
  /** An image folder, decoded, resized and cached; absent where the engine reads no folders. */
  loadImageFolder?(request: ImageFolderRequest): Promise<ImageFolderArrays>;
}

export interface BuildContext {
  nodeId: string;
  /** Concrete input types from shape inference (the batch dim may stay symbolic). */
  inputs: Record<string, ValueType | undefined>;
  outputs: Record<string, ValueType>;
  /** Seed for this node's weight initialisers, derived from the document seed and node id. */
  seed: number;
  data: DataProvider;
  /**
   * Loads trusted custom code (custom/custom-layer). Only the training worker passes one, after
   * checking trust itself; elsewhere it is absent and custom code does not run.
   */
  customCode?: CustomCodeLoader;
  /** Reports something the user should know that does not stop the run (skipped files). */
  warn?(message: string): void;
}

export interface NodeLayer {
  /** Trainable weights, created once; a module used twice shares them. Keys are stable names. */
  weights: Record<string, Variable>;
  /** Computes outputs from inputs. Runs inside the trainer's tf.tidy: no manual dispose needed. */
  apply(inputs: Record<string, Tensor | undefined>, ctx: ApplyContext): Record<string, Tensor>;
  /** Non-gradient updates after an optimizer step (EMA codebook, dead-code restart). */
  afterStep?(ctx: ApplyContext): void;
  /** Extra state to save in checkpoints besides weights (EMA statistics). */
  state?: Record<string, Variable>;
  /** JSON-able data for the node's preview in the UI (codebook usage, masks). */
  preview?(): unknown;
  dispose?(): void;
}

// ---------- export ----------

/**
 * What the exporter needs from a node type. The export helper owns this shape;
 * see core/codegen for how it is used.
 */
export interface EmitInfo {
  /** Module specifier of the layer file, relative to nodes/ (e.g. 'quantize/vector-quantizer/vector-quantizer.layer'). */
  layerModule: string;
  /** Name of the exported factory in that file: (tf, params, ctx) => NodeLayer. */
  factory: string;
  /**
   * The node carries its own code in the param `param` (custom/custom-layer): the export copies it
   * verbatim into a module of its own in the support folder, which imports the type `names` from the
   * repo-relative `module`; `factory` is then a binder, factory(module's forward) -> the layer factory.
   */
  ownCode?: { param: string; types: { module: string; names: readonly string[] } };
}

// ---------- the definition ----------

export interface NodeDefinition<S extends ParamSpecs = ParamSpecs> {
  /** Stable, path-shaped, never renamed: 'quantize/vector-quantizer'. */
  id: string;
  version: number;
  title: string;
  category: NodeCategory;
  role: NodeRole;
  /** One paragraph: what it computes and when to use it. */
  doc: string;
  /** The paper the node comes from, with the equation it implements where there is one. */
  paper?: { citation: string; url?: string; equation?: string };
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  params: S;
  /**
   * A coarse block kept so that old projects still open and train; hidden from the palette and
   * marked legacy in the reference. `replacement` tells what to use instead.
   */
  legacy?: { replacement: string };
  /**
   * Params that must hold the same values on every node of a project that declares the same
   * group: a Diffusion Step and the samplers that call the model it trained share one noise
   * schedule. The params pass reports a node whose values differ from the group's reference (the
   * first node of the group whose role is not `reference.unlessRole`, else the first node).
   */
  agreeingParams?: {
    group: string;
    /** What the group is, for messages: 'noise schedule'. */
    what: string;
    /** What goes wrong when they differ, ending the message: 'the model is run on ...'. */
    otherwise: string;
    /** The params that must agree, given the reference node's values (defaults filled in). */
    params(reference: (key: string) => unknown): readonly string[];
    /** Nodes of this role follow the others (samplers follow the training node). */
    follows?: boolean;
  };
  /** Brings params saved by an older version up to this one (pure). */
  migrateParams?(params: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
  inferShapes(ctx: ShapeContext<ParamsOf<S>>): ShapeResult;
  /**
   * What one use of the node costs, from its params and the types the shapes pass found: the
   * trainable parameters `build` creates (their total size) and the multiply-adds for one example.
   * Pure and closed-form, no tf. Use the helpers of ./cost (perExample, concreteDim): they read 'B'
   * as ctx.batchSize and throw a CostUnknownError for any other named dim, which the cost pass shows
   * as "?" with the reason. Omit it when the cost is not closed-form: the node's params and MACs
   * are then shown as unknown ("?"); its activation memory still comes from its output types.
   */
  cost?(ctx: CostContext<ParamsOf<S>>): NodeCostResult;
  build(tf: TF, params: ParamsOf<S>, ctx: BuildContext): NodeLayer | Promise<NodeLayer>;
  emit?: EmitInfo;
}

/** Erases the param type so definitions of different nodes fit in one registry. */
export type AnyNodeDefinition = NodeDefinition<ParamSpecs>;

export const defineNode = <S extends ParamSpecs>(def: NodeDefinition<S>): AnyNodeDefinition =>
  def as unknown as AnyNodeDefinition;

export interface NodeRegistry {
  get(typeId: string): AnyNodeDefinition | undefined;
  all(): readonly AnyNodeDefinition[];
}

export const createRegistry = (defs: readonly AnyNodeDefinition[]): NodeRegistry => {
  const byId = new Map<string, AnyNodeDefinition>();
  for (const d of defs) {
    if (byId.has(d.id)) throw new Error(`Two node definitions share the id ${d.id}.`);
    byId.set(d.id, d);
  }
  return { get: (id) => byId.get(id), all: () => [...byId.values()] };
};
