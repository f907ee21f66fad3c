// Typed ports: what flows along an edge, and how gradients pass through.
import type { DType } from '../shapes/tensor-type';

/** How the gradient of an output reaches the inputs. */
export type GradientFlow = 'flows' | 'straight-through' | 'stop' | 'none';

export interface PortSpec {
  /** Stable key, used in edges: `{ node, port }`. */
  name: string;
  label?: string;
  /** 'tensor' ports carry tensors; 'model' ports carry a module as a callable handle. */
  kind: 'tensor' | 'model';
  dtype?: DType;
  /** Expected rank; undefined accepts any. */
  rank?: number;
  /** Legend of the dims, e.g. ['B', 'H', 'W', 'C'] — shown on the socket's tooltip. */
  dims?: readonly string[];
  optional?: boolean;
  gradient?: GradientFlow;
  doc?: string;
  /**
   * The data this input takes is what the model learns, not a path to train through (Diffusion
   * Step's x0): a stage whose objective depends on the node must not update the weights upstream
   * of it (latent diffusion's stage-1 encoder); the training pass refuses it, naming them.
   */
  frozenUpstream?: boolean;
  /** Why, in the training pass's message (Linear Probe: the features it measures); default: diffusion's wording. */
  frozenUpstreamReason?: string;
}
