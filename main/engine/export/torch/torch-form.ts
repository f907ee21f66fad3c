// The PyTorch form of a node type: how the PyTorch exporter writes it (ADR 0011). One entry per
// registered node type lives in torch-forms.ts; a type the exporter cannot express says so with
// a reason, and exporting a graph that uses it fails with a diagnostic naming the node.
// b batch, h w spatial, c channels: tensors stay NHWC between nodes, as in the app.
import type { IRNode } from '../../../../core/graph/ir';
import type { TensorType, ValueType } from '../../../../core/shapes/tensor-type';

/** How an app weight (tfjs layout) maps onto the torch parameter; see tessera_torch/checkpoint.py. */
export type WeightLayout = 'same' | 'dense' | 'conv2d' | 'conv-transpose2d';

export interface TorchLayer {
  /** The constructor expression assigned to `self.<name>`, e.g. `L.Conv2d(1, 16, 3, stride=2)`. */
  module: string;
  /** App weight name ('kernel') -> torch parameter under the layer ('weight') and its layout. */
  weights: Record<string, { param: string; layout: WeightLayout }>;
  /**
   * Non-trained state the app checkpoints as 'state/<node>/state/<name>' (batch-norm running
   * statistics, codebook usage): app name -> torch buffer under the layer, same layout.
   */
  state?: Record<string, string>;
  /**
   * The layer folds statistics into its state once per training step (`after_step(sampler)`),
   * as the app's afterStep hook does: run by the trainer after the optimizer steps, for the
   * layers the step's objectives updated (minus the stage's frozen ones), in the app's order.
   */
  afterStep?: boolean;
}

export interface TorchFormContext {
  node: IRNode;
  /** The node's input type on a port, when a tensor. */
  input(port: string): TensorType | undefined;
  /** The node's input type on a port, whatever its kind (a model handle's ports). */
  value(port: string): ValueType | undefined;
  /** `self.<layer>` for nodes with a layer. */
  self: string;
}

/** Python expressions per output port, or one call returning a tuple of the listed ports. */
export type TorchForward =
  { outputs: Record<string, string> } | { tuple: string; ports: readonly string[] };

export type TorchForm =
  | {
      kind: 'op';
      /** Present for nodes with weights: the nn.Module to create once. */
      layer?: (ctx: TorchFormContext) => TorchLayer;
      /** Connected inputs are Python variable names; missing optional inputs are absent. */
      forward: (inputs: Readonly<Record<string, string>>, ctx: TorchFormContext) => TorchForward;
    }
  /** The optimizer node: the training loop's optimizer (tessera_torch/optim.py), no forward. */
  | { kind: 'optimizer' }
  /**
   * Samplers and metrics: they run in the app (previews, evaluation) and are left out of the
   * export, named in its notes; a graph whose loss depends on one cannot be exported.
   */
  | { kind: 'preview'; what: string }
  /** Not expressible (yet): exporting a graph with this node fails, naming it and this reason. */
  | { kind: 'unsupported'; reason: string };

/** A Python literal for a JSON-like value (strings as JSON, which Python reads the same). */
export const py = (v: unknown): string => {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return v > 0 ? 'math.inf' : v < 0 ? '-math.inf' : 'math.nan';
    return Number.isInteger(v) ? String(v) : String(v);
  }
  if (typeof v === 'string')
    return JSON.stringify(v)
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${py(k)}: ${py(x)}`)
      .join(', ')}}`;
  return py(String(v));
};

export const num = (node: IRNode, name: string): number => {
  const v = node.params[name];
  return typeof v === 'number' ? v : Number(v);
};

export const str = (node: IRNode, name: string): string => String(node.params[name] ?? '');

export const flag = (node: IRNode, name: string): boolean => node.params[name] === true;

/** Weights kept in the app's layout, each under `param(name)` (by default its app name). */
export const sameLayoutWeights = (
  names: readonly string[],
  param = (name: string): string => name,
): TorchLayer['weights'] =>
  Object.fromEntries(names.map((n) => [n, { param: param(n), layout: 'same' as const }]));

/** The last (channel) dim of an input, when known. */
export const channels = (ctx: TorchFormContext, port = 'x'): number | undefined => {
  const t = ctx.input(port);
  const c = t?.shape[t.shape.length - 1];
  return typeof c === 'number' ? c : undefined;
};

/** A one-output op: y = expr. */
export const unary =
  (f: (x: string, ctx: TorchFormContext) => string, port = 'y') =>
  (inputs: Readonly<Record<string, string>>, ctx: TorchFormContext): TorchForward => ({
    outputs: { [port]: f(inputs['x'] ?? 'None', ctx) },
  });
