// The working IR the compiler passes annotate and the engine builds. The saved document is
// not the IR: lower() turns one into the other.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { AnyNodeDefinition } from '../node-contract/node-definition';
import type { ParamValues } from '../node-contract/param-spec';
import type { PortRef, TrainingConfig, Preview } from '../document/document.types';
import type { ValueType } from '../shapes/tensor-type';

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
}

export interface IRProgram {
  graph: IRGraph;
  modules: Record<string, IRModule>;
  training: TrainingConfig;
  previews: Preview[];
  diagnostics: Diagnostic[];
}
