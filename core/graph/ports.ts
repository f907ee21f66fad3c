// The ports a node has in a program: its definition's, or for a module instance, the inputs
// and outputs of the module it calls (from that module's Module Input / Output nodes).
import type { PortSpec } from '../node-contract/port-spec';
import type { IRModule, IRNode, ResolvedPorts } from './ir';
import { MODULE_INSTANCE } from './module-types';
import { own } from './pass-context';

const NO_PORTS: ResolvedPorts = { inputs: [], outputs: [] };

const tensorPort = (name: string): PortSpec => ({ name, kind: 'tensor' });

/** Cached per module (module ports change only when the module's io nodes change). */
const modulePorts = new WeakMap<IRModule, ResolvedPorts>();

export const portsOfModule = (mod: IRModule): ResolvedPorts => {
  let p = modulePorts.get(mod);
  if (!p) {
    p = {
      inputs: Object.keys(mod.inputNodes).map(tensorPort),
      outputs: Object.keys(mod.outputNodes).map(tensorPort),
    };
    modulePorts.set(mod, p);
  }
  return p;
};

export const resolvePorts = (
  node: IRNode,
  modules: Readonly<Record<string, IRModule>>,
): ResolvedPorts => {
  if (!node.def) return NO_PORTS;
  if (node.type === MODULE_INSTANCE) {
    const mod =
      typeof node.params.module === 'string' ? own(modules, node.params.module) : undefined;
    return mod ? portsOfModule(mod) : NO_PORTS;
  }
  return { inputs: node.def.inputs, outputs: node.def.outputs };
};

export const findPort = (ports: readonly PortSpec[], name: string): PortSpec | undefined =>
  ports.find((p) => p.name === name);

export const portNames = (ports: readonly PortSpec[]): string =>
  ports.length === 0 ? 'none' : ports.map((p) => `"${p.name}"`).join(', ');
