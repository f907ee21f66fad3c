// The working IR the compiler passes annotate and the engine builds. The saved document is
// not the IR: lower() turns one into the other.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { AnyNodeDefinition } from '../node-contract/node-definition';
import type { ParamValues } from '../node-contract/param-spec';
import type { PortRef, TrainingConfig, Preview } from '../document/document.types';
import type { PortSpec } from '../node-contract/port-spec';
import type { TensorType, ValueType } from '../shapes/tensor-type';
import type { MemoryEstimate, NodeMemory } from './memory-estimate';

/** The ports a node has in this program: its definition's, or for a module instance its module's. */
export interface ResolvedPorts {
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
}

/** What the shapes pass concluded: 'ok' types known; 'error' the node itself is wrong; 'skipped' upstream or earlier errors. */
export type ShapeStatus = 'ok' | 'error' | 'skipped';

export interface IRNode {
  id: string;
  type: string;
  label: string;
  /** Undefined for an unknown type: kept as a placeholder that blocks compiling. */
  def: AnyNodeDefinition | undefined;
  /** Validated params with defaults filled and migrations applied. */
  params: ParamValues;
  /** The producer feeding each connected input port. */
  inputs: Record<string, PortRef>;
  /** Filled by the shapes pass. */
  inputTypes: Record<string, ValueType | undefined>;
  outputTypes: Record<string, ValueType>;
  /** Filled by the structure pass: the ports this node has (dynamic for module instances). */
  ports?: ResolvedPorts;
  /** JSON-pointer-like path of the node in the document ('/nodes/a' or '/modules/m/nodes/a'). */
  path?: string;
  /** Filled by the shapes pass. */
  shapeStatus?: ShapeStatus;
  /** Filled by the cost pass for every node the shapes pass typed. */
  cost?: NodeCost;
  /** Filled by the memory pass for every node with a cost: its bytes in a training run. */
  memory?: NodeMemory;
}

/**
 * What one node costs (the cost pass). For a module instance: its module's totals (a shared
 * instance shows the shared weights too; the graph totals count them once). Undefined fields are
 * unknown, shown as "?", with `reason`.
 */
export interface NodeCost {
  /** Trainable parameters; undefined when unknown. */
  params?: number;
  /** Multiply-adds for one example; undefined when unknown. */
  macs?: number;
  /** Bytes of the node's outputs for one training step (batch size examples); undefined when unknown. */
  activationBytes?: number;
  /** Why something is unknown ("Sigmoid declares no cost", "input 'x' has the named dim 'N' ..."). */
  reason?: string;
  /** A module instance or handle using shared (or EMA) weights: its params are counted once per module. */
  shared?: boolean;
  /** The numbers are lower bounds: some nodes inside the module have unknown costs. */
  atLeast?: boolean;
}

/** Totals of a graph (the program, or one module per call). */
export interface CostTotals {
  /** Trainable parameters of the known nodes; weights shared by several instances counted once. */
  params: number;
  /** Multiply-adds per example of the known nodes; a shared module counts once per call. */
  macs: number;
  /** Bytes of all outputs in one training step (module internals per call), of the known nodes. */
  activationBytes: number;
  /** The batch size the activations were counted at. */
  batchSize: number;
  /** Labels of the nodes whose params, MACs or activations are unknown (the totals are then lower bounds). */
  unknownParams: string[];
  unknownMacs: string[];
  unknownActivations: string[];
}

export interface IRGraph {
  /** '' for the top-level graph, else the module id. */
  id: string;
  nodes: Record<string, IRNode>;
  /** Node ids in a topological order (producers first); empty when a cycle was found. */
  order: string[];
}

export interface IRModule extends IRGraph {
  name: string;
  /** Port name -> the 'module/input' node id that provides it inside. */
  inputNodes: Record<string, string>;
  /** Port name -> the 'module/output' node id that receives it inside. */
  outputNodes: Record<string, string>;
  /** Filled by the shapes pass from the module's first instance (or declared shapes). */
  inputTypes?: Record<string, TensorType>;
  outputTypes?: Record<string, TensorType>;
  /** Instance and handle node ids that use this module, as 'graphId/nodeId' ('' graph is top level). */
  users?: string[];
  /** Filled by the cost pass: what one call of the module costs. */
  cost?: CostTotals;
}

export interface IRProgram {
  graph: IRGraph;
  modules: Record<string, IRModule>;
  training: TrainingConfig;
  previews: Preview[];
  diagnostics: Diagnostic[];
  /**
   * Document module id -> the ids of its specialisations in `modules` (one per distinct set of
   * module-param values; the default values keep the module's own id). Absent when no module has params.
   */
  specializations?: Record<string, string[]>;
  /** Filled by the cost pass: the whole program's cost. */
  cost?: CostTotals;
  /** Filled by the memory pass: what a training run holds in memory, per stage and at its peak. */
  memory?: MemoryEstimate;
}
