// shapes pass (FX ShapeProp style): in topological order, each node's inputs are checked against
// its PortSpecs (kind, dtype, rank) and def.inferShapes gives its outputs; node.inputTypes,
// node.outputTypes and node.shapeStatus are written. An error is reported at the node that
// causes it; nodes downstream of any error are skipped quietly. A module is typed by the types
// arriving at its first instance (or by its declared input shapes when only a handle uses it).
import type { Diagnostic, Severity } from '../diagnostics/diagnostic';
import type { ShapeResult } from '../node-contract/node-definition';
import type { ParamSpecs, ParamsOf } from '../node-contract/param-spec';
import { fixFor, portMismatch, typesAgree } from './type-agreement';
import { batchRebindOf, rebindBatch, unbindBatch } from './batch-rebind';
import {
  formatValueType,
  tensorType,
  type ModelHandleType,
  type TensorType,
  type ValueType,
} from '../shapes/tensor-type';
import type { IRModule, IRNode } from './ir';
import {
  MODULE_HANDLE,
  MODULE_HANDLE_PORT,
  MODULE_INPUT,
  MODULE_INSTANCE,
  MODULE_IO_PORT,
  MODULE_OUTPUT,
  parseDeclaredShape,
} from './module-types';
import {
  dict,
  nodeDiagnostic,
  own,
  whereOf,
  type CompilerPass,
  type GraphScope,
  type PassContext,
} from './pass-context';

const SOURCE = 'shapes';

type Types = Record<string, ValueType | undefined>;

interface ModuleState {
  status: 'pending' | 'inferring' | 'done' | 'failed';
  firstUser?: IRNode;
  /** The graph the first user sits in (to name the producers of its inputs). */
  firstUserScope?: GraphScope;
  /** The first error found inside the module while typing it from its first user. */
  innerError?: string;
}

class ShapeRun {
  readonly out: Diagnostic[] = [];
  private readonly modules = new Map<string, ModuleState>();
  private readonly scopeOf = new Map<string, GraphScope>();

  constructor(private readonly ctx: PassContext) {
    for (const s of ctx.scopes) if (s.module) this.scopeOf.set(s.module.id, s);
  }

  private report(severity: Severity, node: IRNode, message: string, port?: string): void {
    this.out.push(nodeDiagnostic(severity, SOURCE, node, message, port));
  }

  private state(id: string): ModuleState {
    let s = this.modules.get(id);
    if (!s) this.modules.set(id, (s = { status: 'pending' }));
    return s;
  }

  inferGraph(scope: GraphScope, seeds: Types | undefined): void {
    const graph = scope.graph;
    const failed = new Set<string>();
    for (const id of graph.order) {
      const node = graph.nodes[id];
      if (!node) continue;
      const ok = this.inferNode(scope, node, failed, seeds);
      node.shapeStatus = ok === true ? 'ok' : ok;
      if (ok !== true) {
        failed.add(id);
        node.outputTypes = dict();
      }
    }
  }

  /** true when typed; 'skipped' when upstream or earlier passes found errors; 'error' when this node is wrong. */
  private inferNode(
    scope: GraphScope,
    node: IRNode,
    failed: Set<string>,
    seeds: Types | undefined,
  ): true | 'error' | 'skipped' {
    const def = node.def;
    if (!def || !node.ports || this.ctx.blocked.has(node)) return 'skipped';
    const graph = scope.graph;
    const inputs: Types = dict();
    for (const port of node.ports.inputs) {
      const ref = own(node.inputs, port.name);
      inputs[port.name] = undefined;
      if (!ref) continue;
      if (failed.has(ref.node)) return 'skipped';
      const t = own(graph.nodes[ref.node]?.outputTypes ?? {}, ref.port);
      if (!t) return 'skipped';
      inputs[port.name] = t;
    }
    node.inputTypes = inputs;
    let bad = false;
    for (const port of node.ports.inputs) {
      const t = inputs[port.name];
      const why = t && portMismatch(port, t);
      if (!t || !why) continue;
      const ref = node.inputs[port.name];
      const producer = ref ? graph.nodes[ref.node] : undefined;
      const from = producer && ref ? `${producer.label}.${ref.port}` : 'its producer';
      this.report(
        'error',
        node,
        `${node.label}${whereOf(scope)} input "${port.label ?? port.name}" ${why}: ${from} gives ${formatValueType(t)}. ${fixFor(why)}`,
        port.name,
      );
      bad = true;
    }
    if (bad) return 'error';

    let result: ShapeResult | undefined;
    switch (node.type) {
      case MODULE_INPUT: {
        const seeded =
          seeds && typeof node.params.name === 'string' ? own(seeds, node.params.name) : undefined;
        result = seeded
          ? { outputs: { [MODULE_IO_PORT]: seeded }, diagnostics: [] }
          : this.callInfer(node, inputs);
        if (seeded && !this.declaredAgrees(scope, node, seeded)) return 'error';
        break;
      }
      case MODULE_OUTPUT:
        return true;
      case MODULE_INSTANCE:
      case MODULE_HANDLE: {
        const mod = own(this.ctx.program.modules, String(node.params.module));
        if (!mod) return 'skipped';
        const typed =
          node.type === MODULE_INSTANCE
            ? this.instanceTypes(scope, mod, node, inputs)
            : this.handleType(mod, node);
        if (typed === 'error' || typed === 'skipped') return typed;
        node.outputTypes = typed;
        return true;
      }
      default:
        result = this.callInfer(node, inputs);
    }
    if (!result) return 'error';
    let error = false;
    for (const d of result.diagnostics) {
      if (d.severity === 'error') error = true;
      this.report(d.severity, node, this.explain(scope, node, d.message, d.port, inputs), d.port);
    }
    if (error) return 'error';
    for (const port of node.ports.outputs)
      if (!own(result.outputs, port.name) && !port.optional) {
        this.report(
          'error',
          node,
          `${node.label}${whereOf(scope)} gave no type for its output "${port.name}" (a bug in the ${def.title} node type); report it.`,
          port.name,
        );
        return 'error';
      }
    const outputs: Record<string, ValueType> = dict();
    for (const [k, v] of Object.entries(result.outputs)) outputs[k] = v;
    node.outputTypes = outputs;
    return true;
  }

  /** A Module Input with a declared shape must agree with what the first instance passes. */
  private declaredAgrees(scope: GraphScope, node: IRNode, seeded: ValueType): boolean {
    const text = typeof node.params.shape === 'string' ? node.params.shape : '';
    const declared = parseDeclaredShape(text).shape;
    if (!declared) return true;
    const want = tensorType(
      node.params.dtype === 'int32' || node.params.dtype === 'bool' ? node.params.dtype : 'float32',
      declared,
    );
    if (typesAgree(seeded, want)) return true;
    const st = scope.module ? this.state(scope.module.id) : undefined;
    const user = st?.firstUser;
    this.report(
      'error',
      node,
      `${node.label}${whereOf(scope)} declares ${formatValueType(want)}, but ${user ? user.label : 'its caller'} passes ${formatValueType(seeded)}; change the declared shape, or pass a matching value.`,
    );
    // The caller gets the badge: the cause is usually upstream of it, not inside the module.
    const port = typeof node.params.name === 'string' ? node.params.name : '';
    if (user && st?.firstUserScope)
      this.report(
        'error',
        user,
        `${user.label}${whereOf(st.firstUserScope)} input "${port}" ${this.producerText(st.firstUserScope, user, port)} ${formatValueType(seeded)}, but module ${scope.module?.name ?? ''} declares ${formatValueType(want)} for it; change that upstream node so it gives ${formatValueType(want)}, or change the declared shape inside the module.`,
        port,
      );
    return false;
  }

  /** "gets from Encoder.z" / "gets" for the value on `port` of `node`. */
  private producerText(scope: GraphScope, node: IRNode, port: string): string {
    const ref = own(node.inputs, port);
    const producer = ref ? scope.graph.nodes[ref.node] : undefined;
    return producer && ref ? `gets from ${producer.label}.${ref.port}` : 'gets';
  }

  /** Names the node and, for a message about an input, the node that feeds it. */
  private explain(
    scope: GraphScope,
    node: IRNode,
    message: string,
    port: string | undefined,
    inputs: Types,
  ): string {
    let msg = message.includes(node.label) ? message : `${node.label}${whereOf(scope)}: ${message}`;
    const ref = port !== undefined ? own(node.inputs, port) : undefined;
    const producer = ref ? scope.graph.nodes[ref.node] : undefined;
    const t = port !== undefined ? own(inputs, port) : undefined;
    if (ref && producer && t && !msg.includes(producer.label))
      msg += ` (input "${port}" comes from ${producer.label}.${ref.port}, which gives ${formatValueType(t)}.)`;
    return msg;
  }

  private callInfer(node: IRNode, inputs: Types): ShapeResult | undefined {
    const def = node.def;
    if (!def) return undefined;
    try {
      const r = def.inferShapes({
        nodeId: node.id,
        params: node.params as ParamsOf<ParamSpecs>,
        inputs,
        env: this.ctx.env,
      });
      if (r && typeof r.outputs === 'object' && r.outputs !== null && Array.isArray(r.diagnostics))
        return r;
      this.report(
        'error',
        node,
        `${node.label}: the ${def.title} node type returned no shape result (a bug in the node type); report it.`,
      );
    } catch (e) {
      this.report(
        'error',
        node,
        `${node.label}: shape inference of ${def.title} failed (${e instanceof Error ? e.message : String(e)}); this is a bug in the node type, report it. Changing its params may avoid it.`,
      );
    }
    return undefined;
  }

  /** Types the module once (from `seeds`, or its declared input shapes) and returns its state. */
  private ensureModule(
    mod: IRModule,
    seeds: Types | undefined,
    user: IRNode | undefined,
    userScope?: GraphScope,
  ): ModuleState {
    const st = this.state(mod.id);
    if (st.status !== 'pending') return st;
    const scope = this.scopeOf.get(mod.id);
    if (!scope || this.ctx.recursiveModules.has(mod.id)) {
      st.status = 'failed';
      return st;
    }
    st.status = 'inferring';
    if (user) st.firstUser = user;
    if (userScope) st.firstUserScope = userScope;
    const before = this.out.length;
    this.inferGraph(scope, seeds);
    const found = this.out.slice(before);
    const inner = found.find((d) => d.severity === 'error');
    // Unless the caller was already told (a declared shape it contradicts), it gets the badge too.
    if (inner && !found.some((d) => user !== undefined && d.path === user.path))
      st.innerError = inner.message;
    const io = (
      table: Record<string, string>,
      pick: (n: IRNode) => ValueType | undefined,
    ): Record<string, TensorType> | undefined => {
      const types: Record<string, TensorType> = {};
      for (const [name, nid] of Object.entries(table)) {
        const n = mod.nodes[nid];
        const t = n && n.shapeStatus === 'ok' ? pick(n) : undefined;
        if (!t || t.kind !== 'tensor') return undefined;
        types[name] = t;
      }
      return types;
    };
    const ins = io(mod.inputNodes, (n) => own(n.outputTypes, MODULE_IO_PORT));
    const outs = io(mod.outputNodes, (n) => own(n.inputTypes, MODULE_IO_PORT));
    if (ins && outs) {
      mod.inputTypes = ins;
      mod.outputTypes = outs;
      st.status = 'done';
    } else st.status = 'failed';
    return st;
  }

  private instanceTypes(
    scope: GraphScope,
    mod: IRModule,
    node: IRNode,
    inputs: Types,
  ): Record<string, ValueType> | 'error' | 'skipped' {
    // A first call with a numeric batch where every module input declares a symbolic one ('B, 7'
    // called with 10 prompts) types the module with the symbol; this call's outputs carry its batch.
    const declared = this.state(mod.id).status === 'pending' ? this.declaredTypes(mod) : undefined;
    const firstBatch = declared ? batchRebindOf(inputs, declared) : undefined;
    const seeds = declared && firstBatch ? unbindBatch(inputs, declared, firstBatch) : inputs;
    const st = this.ensureModule(mod, seeds, node, scope);
    if (st.status === 'failed' && st.firstUser === node && st.innerError !== undefined) {
      // Inner errors typed from this instance's inputs: the instance gets the badge too.
      const given = Object.entries(inputs)
        .filter(([, t]) => t !== undefined)
        .map(
          ([port, t]) => `"${port}" ${this.producerText(scope, node, port)} ${formatValueType(t!)}`,
        )
        .join('; ');
      this.report(
        'error',
        node,
        `${node.label}${whereOf(scope)}: module ${mod.name} does not accept what it is given${given ? ` (${given})` : ''}. Inside it: ${st.innerError} Change the node feeding this instance, or the module.`,
      );
      return 'error';
    }
    if (st.status !== 'done' || !mod.outputTypes || !mod.inputTypes) return 'skipped';
    // Another batch than the first call's (B -> 40 samples) is fine; the outputs carry it.
    const rebind = st.firstUser !== node ? batchRebindOf(inputs, mod.inputTypes) : firstBatch;
    if (st.firstUser !== node)
      for (const [name, declared] of Object.entries(mod.inputTypes)) {
        const got = inputs[name];
        const expected = rebindBatch(declared, rebind);
        if (!got || typesAgree(got, expected)) continue;
        const first = st.firstUser
          ? `its first use, ${st.firstUser.label},`
          : 'its declared input shapes';
        this.report(
          'error',
          node,
          `${node.label} passes ${formatValueType(got)} to input "${name}" of module ${mod.name}, but ${first} fixed it as ${formatValueType(expected)}; pass a matching value, or use a separate module for this shape.`,
          name,
        );
        return 'error';
      }
    const outputs: Record<string, ValueType> = dict();
    for (const [k, v] of Object.entries(mod.outputTypes)) outputs[k] = rebindBatch(v, rebind);
    return outputs;
  }

  /** The declared types of the module's inputs, when every input declares a shape. */
  private declaredTypes(mod: IRModule): Record<string, TensorType> | undefined {
    const out: Record<string, TensorType> = dict();
    for (const [name, nid] of Object.entries(mod.inputNodes)) {
      const p = mod.nodes[nid]?.params;
      const shape = parseDeclaredShape(typeof p?.shape === 'string' ? p.shape : '').shape;
      if (!shape) return undefined;
      out[name] = tensorType(
        p?.dtype === 'int32' || p?.dtype === 'bool' ? p.dtype : 'float32',
        shape,
      );
    }
    return out;
  }

  private declaredInputs(mod: IRModule): string[] {
    return Object.entries(mod.inputNodes)
      .filter(([, nid]) => {
        const shape = mod.nodes[nid]?.params.shape;
        return typeof shape !== 'string' || shape.trim() === '';
      })
      .map(([name]) => name);
  }

  private handleType(mod: IRModule, node: IRNode): Record<string, ValueType> | 'error' | 'skipped' {
    if (this.state(mod.id).status === 'pending') {
      const undeclared = this.declaredInputs(mod);
      if (undeclared.length > 0 && !this.ctx.recursiveModules.has(mod.id)) {
        this.report(
          'error',
          node,
          `${node.label} passes module ${mod.name} along, but its input${undeclared.length > 1 ? 's' : ''} ${undeclared.map((n) => `"${n}"`).join(', ')} ha${undeclared.length > 1 ? 've' : 's'} no known shape yet; set shape on the Module Input (e.g. "B, 28, 28, 1"), or call the module through a Module Instance first.`,
        );
        return 'error';
      }
    }
    const st = this.ensureModule(mod, undefined, undefined);
    if (st.status !== 'done' || !mod.inputTypes || !mod.outputTypes) return 'skipped';
    const handle: ModelHandleType = {
      kind: 'model',
      moduleId: mod.id,
      inputs: mod.inputTypes,
      outputs: mod.outputTypes,
    };
    return { [MODULE_HANDLE_PORT]: handle };
  }

  /** Modules nobody instantiated are typed from declared shapes when every input has one. */
  finishModules(): void {
    for (const mod of Object.values(this.ctx.program.modules))
      if (this.state(mod.id).status === 'pending' && this.declaredInputs(mod).length === 0)
        this.ensureModule(mod, undefined, undefined);
  }
}

export const shapesPass = (ctx: PassContext): Diagnostic[] => {
  const run = new ShapeRun(ctx);
  const top = ctx.scopes.find((s) => !s.module);
  if (top) run.inferGraph(top, undefined);
  run.finishModules();
  return run.out;
};

export const shapes: CompilerPass = {
  name: 'shapes',
  requires: ['structure', 'modules', 'cycles', 'params'],
  run: shapesPass,
};
