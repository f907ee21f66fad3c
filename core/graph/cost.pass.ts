// cost pass (after shapes): what every node costs, and the totals of the program and of each
// module, as Neural Network Console shows them. Per node: trainable parameters and multiply-adds
// per example from the node type's `cost` (unknown, "?", when it declares none or a dim it needs
// is a name other than B), and activation memory: the bytes of its outputs at the training batch
// size. A module instance costs one call of its module; copies own their weights, shared and EMA
// instances and handles use the module's one shared set, counted once in the totals (as the
// engine builds it), while MACs and activations count per call. Pure, never throws; the only
// diagnostic is an info when one step's activations exceed ACTIVATION_INFO_BYTES.
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import { CostUnknownError, dtypeBytes, evalDim } from '../node-contract/cost';
import type { ParamSpecs, ParamsOf } from '../node-contract/param-spec';
import type { ValueType } from '../shapes/tensor-type';
import type { CostTotals, IRGraph, IRModule, IRNode, NodeCost } from './ir';
import { MODULE_HANDLE, MODULE_INPUT, MODULE_INSTANCE, MODULE_OUTPUT } from './module-types';
import type { CompilerPass, PassContext } from './pass-context';

const SOURCE = 'cost';
/** Above this, one step's activations earn an info diagnostic (4 GiB). */
export const ACTIVATION_INFO_BYTES = 4 * 1024 ** 3;

/** Bytes of one output value at batch size `batch`; undefined (with why) when a dim is unknown. */
export const valueBytes = (
  t: ValueType,
  batch: number,
): { bytes: number } | { unknown: string } => {
  if (t.kind === 'model') return { bytes: 0 };
  let n = dtypeBytes(t.dtype);
  for (const d of t.shape) {
    const v = evalDim(d, batch);
    if (v === undefined) return { unknown: `the named dim '${String(d)}' has no known size` };
    n *= v;
  }
  return { bytes: n };
};

/** What one graph costs before shared modules are added (they are counted once, at the top). */
interface GraphCost {
  /** Params owned by this graph's nodes and by the copies it calls. */
  ownParams: number;
  /** Modules whose shared set this graph uses (directly or through its copies). */
  shared: Set<string>;
  macs: number;
  activationBytes: number;
  unknownParams: string[];
  unknownMacs: string[];
  unknownActivations: string[];
}

const emptyCost = (): GraphCost => ({
  ownParams: 0,
  shared: new Set(),
  macs: 0,
  activationBytes: 0,
  unknownParams: [],
  unknownMacs: [],
  unknownActivations: [],
});

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

class CostRun {
  private readonly memo = new Map<string, GraphCost | 'busy'>();

  constructor(
    private readonly ctx: PassContext,
    readonly batch: number,
  ) {}

  /** The params, MACs and activations of one non-module node. */
  nodeCost(node: IRNode): NodeCost {
    if (node.type === MODULE_INPUT || node.type === MODULE_OUTPUT)
      return { params: 0, macs: 0, activationBytes: 0 }; // the caller's values pass through
    const out: NodeCost = {};
    const reasons: string[] = [];
    let act = 0;
    let actKnown = true;
    for (const [port, t] of Object.entries(node.outputTypes)) {
      const b = valueBytes(t, this.batch);
      if ('bytes' in b) act += b.bytes;
      else {
        actKnown = false;
        reasons.push(`output '${port}': ${b.unknown}`);
      }
    }
    if (actKnown) out.activationBytes = act;
    const def = node.def;
    if (!def?.cost) reasons.unshift(`${def?.title ?? node.type} declares no cost`);
    else
      try {
        const r = def.cost({
          params: node.params as ParamsOf<ParamSpecs>,
          inputs: { ...node.inputTypes },
          outputs: { ...node.outputTypes },
          batchSize: this.batch,
        });
        if (r && finite(r.params) && finite(r.macs)) {
          out.params = r.params;
          out.macs = r.macs;
        } else
          reasons.unshift(`${def.title}'s cost gave no finite numbers (a bug in the node type)`);
      } catch (e) {
        reasons.unshift(
          e instanceof CostUnknownError
            ? `${e.message}`
            : `${def.title}'s cost failed (${e instanceof Error ? e.message : String(e)}; a bug in the node type)`,
        );
      }
    if (reasons.length > 0) out.reason = reasons.join('; ');
    return out;
  }

  /** The cost of one call of module `id` (memoised; recursive modules cost nothing known). */
  moduleCost(id: string): GraphCost | undefined {
    const hit = this.memo.get(id);
    if (hit === 'busy') return undefined;
    if (hit) return hit;
    const mod = Object.prototype.hasOwnProperty.call(this.ctx.program.modules, id)
      ? this.ctx.program.modules[id]
      : undefined;
    if (!mod || this.ctx.recursiveModules.has(id)) return undefined;
    this.memo.set(id, 'busy');
    const c = this.graphCost(mod, mod);
    this.memo.set(id, c);
    return c;
  }

  /** Params of `c` with every shared set it reaches counted once. */
  resolvedParams(c: GraphCost): { params: number; unknown: string[] } {
    let params = c.ownParams;
    const unknown = [...c.unknownParams];
    const seen = new Set<string>();
    const queue = [...c.shared];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const m = this.moduleCost(id);
      if (!m) {
        unknown.push(this.moduleName(id));
        continue;
      }
      params += m.ownParams;
      unknown.push(...m.unknownParams);
      queue.push(...m.shared);
    }
    return { params, unknown: [...new Set(unknown)] };
  }

  totals(c: GraphCost): CostTotals {
    const p = this.resolvedParams(c);
    return {
      params: p.params,
      macs: c.macs,
      activationBytes: c.activationBytes,
      batchSize: this.batch,
      unknownParams: p.unknown,
      unknownMacs: [...new Set(c.unknownMacs)],
      unknownActivations: [...new Set(c.unknownActivations)],
    };
  }

  private moduleName(id: string): string {
    const m = this.ctx.program.modules[id];
    return m?.name || id;
  }

  graphCost(graph: IRGraph, mod: IRModule | undefined): GraphCost {
    const c = emptyCost();
    const ids = graph.order.length > 0 ? graph.order : Object.keys(graph.nodes);
    const named = (n: IRNode): string => (mod ? `${mod.name || mod.id} › ${n.label}` : n.label);
    for (const id of ids) {
      const node = graph.nodes[id];
      if (!node) continue;
      node.cost = undefined; // not `delete`: deleting a property drops the object into slow dictionary mode
      if (node.shapeStatus !== 'ok') {
        const who = named(node);
        c.unknownParams.push(who);
        c.unknownMacs.push(who);
        c.unknownActivations.push(who);
        continue;
      }
      if (node.type === MODULE_INSTANCE || node.type === MODULE_HANDLE) {
        this.callCost(node, c, named(node));
        continue;
      }
      const nc = this.nodeCost(node);
      node.cost = nc;
      if (nc.params !== undefined) c.ownParams += nc.params;
      else c.unknownParams.push(named(node));
      if (nc.macs !== undefined) c.macs += nc.macs;
      else c.unknownMacs.push(named(node));
      if (nc.activationBytes !== undefined) c.activationBytes += nc.activationBytes;
      else c.unknownActivations.push(named(node));
    }
    return c;
  }

  /** A module instance (one call) or handle (weights only: whoever holds it makes the calls). */
  private callCost(node: IRNode, into: GraphCost, who: string): void {
    const moduleId = String(node.params.module ?? '');
    const m = this.moduleCost(moduleId);
    const instance = node.type === MODULE_INSTANCE;
    const mode = instance ? String(node.params.weights ?? 'copy') : 'shared';
    if (!m) {
      node.cost = {
        reason: `module ${this.moduleName(moduleId)} has no known cost (it calls itself)`,
      };
      into.unknownParams.push(who);
      if (instance) {
        into.unknownMacs.push(who);
        into.unknownActivations.push(who);
      }
      return;
    }
    const p = this.resolvedParams(m);
    if (mode === 'copy') {
      into.ownParams += m.ownParams;
      for (const s of m.shared) into.shared.add(s);
      into.unknownParams.push(...m.unknownParams);
    } else into.shared.add(moduleId);
    const atLeast: string[] = [];
    if (p.unknown.length > 0) atLeast.push(`params of ${p.unknown.join(', ')}`);
    const nc: NodeCost = { params: p.params };
    if (mode !== 'copy') nc.shared = true;
    if (instance) {
      nc.macs = m.macs;
      nc.activationBytes = m.activationBytes;
      into.macs += m.macs;
      into.activationBytes += m.activationBytes;
      into.unknownMacs.push(...m.unknownMacs);
      into.unknownActivations.push(...m.unknownActivations);
      if (m.unknownMacs.length > 0)
        atLeast.push(`MACs of ${[...new Set(m.unknownMacs)].join(', ')}`);
    } else {
      nc.macs = 0;
      nc.activationBytes = 0;
    }
    if (atLeast.length > 0) {
      nc.atLeast = true;
      nc.reason = `at least: unknown ${atLeast.join('; ')}`;
    }
    node.cost = nc;
  }
}

export const costPass = (ctx: PassContext): Diagnostic[] => {
  try {
    const b = ctx.doc.training?.batchSize;
    const batch = typeof b === 'number' && Number.isInteger(b) && b >= 1 ? b : NaN;
    const run = new CostRun(ctx, batch);
    const top = run.graphCost(ctx.program.graph, undefined);
    ctx.program.cost = run.totals(top);
    for (const [id, mod] of Object.entries(ctx.program.modules)) {
      const m = run.moduleCost(id);
      if (m) mod.cost = run.totals(m);
      else mod.cost = undefined;
    }
    const bytes = ctx.program.cost.activationBytes;
    if (bytes > ACTIVATION_INFO_BYTES)
      return [
        diagnostic(
          'info',
          SOURCE,
          `One training step holds about ${(bytes / 1024 ** 3).toFixed(1)} GiB of activations at batch size ${batch} (the outputs of every node; their gradients need about as much again). If training runs out of memory, lower the batch size or the widths.`,
          { path: '/training/batchSize' },
        ),
      ];
    return [];
  } catch {
    return [];
  }
};

export const cost: CompilerPass = {
  name: 'cost',
  requires: ['shapes'],
  run: costPass,
};
