// Validates a connection drawn on the canvas with the compiler's own passes (cycles, dtype and
// rank, a second producer into one input) before it becomes an edit: the edge is tried on a
// copy of the document and refused when it brings a new error at its ends or a cycle.
import type { Diagnostic } from '../../core/diagnostics/diagnostic';
import type { PortRef, TesseraDocument } from '../../core/document/document.types';
import { compileLoaded } from '../../core/graph/compile';
import type { NodeRegistry, ShapeEnv } from '../../core/node-contract/node-definition';
import { edgeId } from '../store/commands';

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

const key = (d: Diagnostic): string => `${d.source}|${d.nodeId ?? ''}|${d.port ?? ''}|${d.message}`;

export const checkConnection = (
  doc: TesseraDocument,
  registry: NodeRegistry,
  env: ShapeEnv,
  source: PortRef,
  target: PortRef,
): ConnectionVerdict => {
  if (source.node === target.node) return { ok: false, reason: 'a node cannot feed itself (that would be a cycle).' };
  const existing = Object.values(doc.edges).find((e) => e.target.node === target.node && e.target.port === target.port);
  if (existing)
    return {
      ok: false,
      reason: `${target.node}.${target.port} is already fed by ${existing.source.node}.${existing.source.port}; an input takes one producer — delete that connection first.`,
    };
  const before = new Set(compileLoaded(doc, registry, env).diagnostics.map(key));
  const id = edgeId(source, target);
  const trial: TesseraDocument = { ...doc, edges: { ...doc.edges, [id]: { id, source, target } } };
  const fresh = compileLoaded(trial, registry, env).diagnostics.filter((d) => d.severity === 'error' && !before.has(key(d)));
  const cycle = fresh.find((d) => d.source === 'cycles');
  if (cycle) return { ok: false, reason: cycle.message };
  const atEnds = fresh.find((d) => (d.nodeId === target.node && (d.port === undefined || d.port === target.port)) || (d.nodeId === source.node && d.port === source.port));
  if (atEnds) return { ok: false, reason: atEnds.message };
  return { ok: true };
};
