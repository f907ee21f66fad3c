// structure pass: attaches edges to node inputs and reports dangling edges (missing node or
// port), two producers into one input, model ports wired to tensor ports, and missing
// required inputs. Unknown node types are placeholders: edges touching them are not checked.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { DocEdge } from '../document/document.types';
import type { IRNode } from './ir';
import { MODULE_HANDLE, MODULE_INSTANCE } from './module-types';
import {
  nodeDiagnostic,
  own,
  whereOf,
  type CompilerPass,
  type GraphScope,
  type PassContext,
} from './pass-context';
import { findPort, portNames, resolvePorts } from './ports';

const SOURCE = 'structure';

/** An instance or handle naming a missing module: reported by the modules pass; its ports are unknown. */
const unresolvedModule = (ctx: PassContext, node: IRNode): boolean =>
  (node.type === MODULE_INSTANCE || node.type === MODULE_HANDLE) &&
  own(ctx.program.modules, String(node.params.module)) === undefined;

const refText = (node: IRNode, port: string): string => `${node.label}.${port}`;

const checkEdge = (
  ctx: PassContext,
  scope: GraphScope,
  edge: DocEdge,
  key: string,
  excused: Set<string>,
  out: Diagnostic[],
): void => {
  const nodes = scope.graph.nodes;
  const src = own(nodes, edge.source.node);
  const dst = own(nodes, edge.target.node);
  const where = whereOf(scope);
  const edgePath = `${scope.path}/edges/${key}`;
  if (!src || !dst) {
    const missing = !src ? edge.source.node : edge.target.node;
    const present = src ?? dst;
    const msg = `Edge "${key}"${where} ${!src ? 'comes from' : 'goes to'} node "${missing}", which does not exist${present ? ` (its other end is ${present.label})` : ''}; delete the edge.`;
    if (present)
      out.push({
        ...nodeDiagnostic(
          'error',
          SOURCE,
          present,
          msg,
          present === dst ? edge.target.port : edge.source.port,
        ),
        path: edgePath,
      });
    else out.push({ severity: 'error', source: SOURCE, path: edgePath, message: msg });
    if (dst) {
      excused.add(`${dst.id}\u0000${edge.target.port}`);
      ctx.blocked.add(dst);
    }
    return;
  }
  if (!src.def || !dst.def || unresolvedModule(ctx, src) || unresolvedModule(ctx, dst)) {
    excused.add(`${dst.id}\u0000${edge.target.port}`);
    ctx.blocked.add(dst);
    return; // placeholder (unknown type or missing module): already reported
  }
  const srcPorts = src.ports ?? resolvePorts(src, ctx.program.modules);
  const dstPorts = dst.ports ?? resolvePorts(dst, ctx.program.modules);
  const out1 = findPort(srcPorts.outputs, edge.source.port);
  const in1 = findPort(dstPorts.inputs, edge.target.port);
  if (!out1) {
    out.push({
      ...nodeDiagnostic(
        'error',
        SOURCE,
        src,
        `${src.label}${where} has no output "${edge.source.port}" (its outputs: ${portNames(srcPorts.outputs)}), but an edge to ${dst.label} starts there; reconnect the edge from one of its outputs or delete it.`,
      ),
      path: edgePath,
    });
    excused.add(`${dst.id}\u0000${edge.target.port}`);
    ctx.blocked.add(dst);
    return;
  }
  if (!in1) {
    out.push({
      ...nodeDiagnostic(
        'error',
        SOURCE,
        dst,
        `${dst.label}${where} has no input "${edge.target.port}" (its inputs: ${portNames(dstPorts.inputs)}), but an edge from ${src.label} ends there; reconnect the edge to one of its inputs or delete it.`,
      ),
      path: edgePath,
    });
    return;
  }
  if (out1.kind !== in1.kind) {
    const want = in1.kind === 'model' ? 'a model handle (connect a Module Handle)' : 'a tensor';
    const got = out1.kind === 'model' ? 'a model handle' : 'a tensor';
    out.push({
      ...nodeDiagnostic(
        'error',
        SOURCE,
        dst,
        `${dst.label}${where} input "${in1.name}" takes ${want}, but ${refText(src, out1.name)} gives ${got}; connect a matching output instead.`,
        in1.name,
      ),
      path: edgePath,
    });
    excused.add(`${dst.id}\u0000${in1.name}`);
    ctx.blocked.add(dst);
    return;
  }
  const existing = own(dst.inputs, in1.name);
  if (existing) {
    const first = own(nodes, existing.node);
    if (existing.node === src.id && existing.port === out1.name) {
      out.push({
        ...nodeDiagnostic(
          'warning',
          SOURCE,
          dst,
          `${dst.label}${where} input "${in1.name}" is connected twice from ${refText(src, out1.name)}; delete the duplicate edge "${key}".`,
          in1.name,
        ),
        path: edgePath,
      });
      return;
    }
    out.push({
      ...nodeDiagnostic(
        'error',
        SOURCE,
        dst,
        `${dst.label}${where} input "${in1.name}" has two producers (${first ? refText(first, existing.port) : existing.node} and ${refText(src, out1.name)}); an input takes one edge, so delete one of them.`,
        in1.name,
      ),
      path: edgePath,
    });
    return;
  }
  dst.inputs[in1.name] = { node: src.id, port: out1.name };
};

export const structurePass = (ctx: PassContext): Diagnostic[] => {
  const out: Diagnostic[] = [];
  for (const scope of ctx.scopes) {
    for (const node of Object.values(scope.graph.nodes))
      node.ports = resolvePorts(node, ctx.program.modules);
    /** Inputs whose edge was reported already: not reported again as missing. */
    const excused = new Set<string>();
    for (const [key, edge] of Object.entries(scope.docEdges))
      checkEdge(ctx, scope, edge, key, excused, out);
    for (const node of Object.values(scope.graph.nodes)) {
      if (!node.def || !node.ports) continue;
      for (const port of node.ports.inputs) {
        if (
          port.optional ||
          own(node.inputs, port.name) ||
          excused.has(`${node.id}\u0000${port.name}`)
        )
          continue;
        const what =
          port.kind === 'model'
            ? 'a model handle (from a Module Handle)'
            : `a tensor${port.dims ? ` (${port.dims.join(' x ')})` : ''}`;
        out.push(
          nodeDiagnostic(
            'error',
            SOURCE,
            node,
            `${node.label}${whereOf(scope)} needs an input on "${port.label ?? port.name}"; connect ${what} to it.`,
            port.name,
          ),
        );
        ctx.blocked.add(node);
      }
    }
  }
  return out;
};

export const structure: CompilerPass = {
  name: 'structure',
  requires: ['lower', 'modules'],
  run: structurePass,
};
