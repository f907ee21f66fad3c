// The editor asks before drawing an edge: refuses unknown nodes or ports, cycles, a second
// producer into one input, and kind / dtype / rank mismatches (with the types shape inference
// knows now). The reason names the nodes and says what to do instead.
import type { DocEdge, PortRef, TesseraDocument } from '../document/document.types';
import type { NodeRegistry, ShapeEnv } from '../node-contract/node-definition';
import { formatValueType } from '../shapes/tensor-type';
import { compileLoaded } from './compile';
import type { IRGraph } from './ir';
import { own } from './pass-context';
import { findPort, portNames } from './ports';
import { portMismatch } from './type-agreement';

export type ConnectVerdict = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): ConnectVerdict => ({ ok: false, reason });

/** Producers-first path from `from` to `to` along existing edges, or undefined. */
const pathBetween = (graph: IRGraph, from: string, to: string): string[] | undefined => {
  // Walk backwards from `to` over producers until `from` is reached.
  const prev = new Map<string, string>();
  const queue = [to];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    if (id === from) {
      const path = [from];
      let cur = from;
      while (cur !== to) {
        cur = prev.get(cur) as string;
        path.push(cur);
      }
      return path;
    }
    for (const ref of Object.values(graph.nodes[id]?.inputs ?? {}))
      if (!seen.has(ref.node)) {
        seen.add(ref.node);
        prev.set(ref.node, id);
        queue.push(ref.node);
      }
  }
  return undefined;
};

export const canConnect = (
  doc: TesseraDocument,
  registry: NodeRegistry,
  env: ShapeEnv,
  source: PortRef,
  target: PortRef,
): ConnectVerdict => {
  try {
    const { program } = compileLoaded(doc, registry, env);
    if (!program) return refuse('The project could not be checked.');
    const graphs: { graph: IRGraph; edges: Record<string, DocEdge> }[] = [
      { graph: program.graph, edges: doc.edges },
      ...Object.values(program.modules).map((m) => ({
        graph: m as IRGraph,
        edges: own(doc.modules, m.id)?.edges ?? {},
      })),
    ];
    const home = graphs.find((g) => own(g.graph.nodes, source.node) !== undefined);
    const src = home && own(home.graph.nodes, source.node);
    if (!home || !src) return refuse(`Node "${source.node}" does not exist.`);
    const dst = own(home.graph.nodes, target.node);
    if (!dst)
      return refuse(
        graphs.some((g) => own(g.graph.nodes, target.node))
          ? `${src.label} and node "${target.node}" are in different graphs; connect nodes of the same module (use Module Input / Output nodes to cross).`
          : `Node "${target.node}" does not exist.`,
      );
    if (!src.def)
      return refuse(`${src.label} has an unknown node type "${src.type}"; replace it first.`);
    if (!dst.def)
      return refuse(`${dst.label} has an unknown node type "${dst.type}"; replace it first.`);
    const outPort = src.ports && findPort(src.ports.outputs, source.port);
    if (!outPort)
      return refuse(
        `${src.label} has no output "${source.port}" (its outputs: ${portNames(src.ports?.outputs ?? [])}).`,
      );
    const inPort = dst.ports && findPort(dst.ports.inputs, target.port);
    if (!inPort)
      return refuse(
        `${dst.label} has no input "${target.port}" (its inputs: ${portNames(dst.ports?.inputs ?? [])}).`,
      );
    if (src === dst) return refuse(`${src.label} cannot feed itself: that would be a cycle.`);
    const taken = Object.values(home.edges).find(
      (e) => e.target.node === target.node && e.target.port === target.port,
    );
    if (taken) {
      if (taken.source.node === source.node && taken.source.port === source.port)
        return refuse('These ports are already connected.');
      const other = own(home.graph.nodes, taken.source.node);
      return refuse(
        `${dst.label} input "${inPort.name}" is already fed by ${other?.label ?? taken.source.node}.${taken.source.port}; an input takes one producer, so delete that connection first.`,
      );
    }
    const loop = pathBetween(home.graph, dst.id, src.id);
    if (loop) {
      const names = [...loop, dst.id].map((id) => home.graph.nodes[id]?.label ?? id).join(' → ');
      return refuse(`This would make a cycle (${names}); a value cannot depend on itself.`);
    }
    if (outPort.kind !== inPort.kind)
      return refuse(
        `${dst.label} input "${inPort.name}" takes ${inPort.kind === 'model' ? 'a model handle' : 'a tensor'}, but ${src.label}.${outPort.name} gives ${outPort.kind === 'model' ? 'a model handle' : 'a tensor'}.`,
      );
    const t = own(src.outputTypes, outPort.name);
    const why = t && portMismatch(inPort, t);
    if (t && why)
      return refuse(
        `${dst.label} input "${inPort.name}" ${why}: ${src.label}.${outPort.name} gives ${formatValueType(t)}.`,
      );
    if (
      !t &&
      outPort.kind === 'tensor' &&
      inPort.dtype &&
      outPort.dtype &&
      inPort.dtype !== outPort.dtype
    )
      return refuse(
        `${dst.label} input "${inPort.name}" takes ${inPort.dtype} values, but ${src.label}.${outPort.name} gives ${outPort.dtype}.`,
      );
    if (
      !t &&
      inPort.rank !== undefined &&
      outPort.rank !== undefined &&
      inPort.rank !== outPort.rank
    )
      return refuse(
        `${dst.label} input "${inPort.name}" expects rank ${inPort.rank}, but ${src.label}.${outPort.name} gives rank ${outPort.rank}.`,
      );
    return { ok: true };
  } catch (e) {
    return refuse(
      `The connection could not be checked (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
};
