// The engine's hook for custom-code nodes (custom/custom-layer): the user's TypeScript, compiled
// and loaded only by the training worker, only once the code is trusted on this machine. Every
// other caller of a node's build (the kernel check, benches, tests) passes no loader, so custom
// code cannot run there. Types only: the loader itself lives in main/trust/.
import type { TF, Tensor } from './node-definition';

/** What custom code receives besides the input: whether it trains and the step. */
export interface CustomForwardContext {
  training: boolean;
  step: number;
}

/** The `forward` a custom layer's code exports: y = forward(tf, x, weights, ctx). */
export type CustomForward = (
  tf: TF,
  x: Tensor,
  weights: Readonly<Record<string, Tensor>>,
  ctx: CustomForwardContext,
) => Tensor;

export interface CustomCodeRequest {
  /** The node the code belongs to (named in every error). */
  nodeId: string;
  label?: string;
  code: string;
}

export interface CustomCodeLoader {
  /** Compiles and evaluates the code; rejects (naming the node) when it is untrusted or broken. */
  load(request: CustomCodeRequest): Promise<CustomForward>;
}
