// Nodes that carry their own code (custom/custom-layer, EmitInfo.ownCode): the export copies the
// code verbatim into a module of its own in the support folder (custom-code/<name>.ts), headed by
// a comment naming the node, and builds the node's layer with the type's factory binder applied
// to that module's `forward`. Whether the code may be exported at all (trust) is the caller's
// decision (main/engine/export/export-project.ts); this file only writes it out.
import type { IRGraph, IRNode } from '../graph/ir';
import type { CodeWriter } from './code-writer';
import { orderedNodes } from './graph-walk';
import type { NameScope } from './identifiers';
import { commentText, jsonLiteral } from './safe-text';

export interface OwnCodeModule {
  node: IRNode;
  /** Support-folder path without extension: 'custom-code/canaryScale'. */
  modulePath: string;
  /** The local name of the module's forward in the program: canaryScaleForward. */
  forwardAlias: string;
  /** The program's factory for this node: createCanaryScaleLayer. */
  factoryName: string;
  /** The param holding the code (left out of the params the program passes). */
  param: string;
  /** The module's text: header, type imports, the code verbatim. */
  source: string;
}

export const ownCodeKey = (graphId: string, nodeId: string): string => `${graphId}\u0000${nodeId}`;

/** One module per node with own code, named after the node's program name. */
export const planOwnCode = (
  graphs: readonly { graph: IRGraph; names: ReadonlyMap<string, string> }[],
  scope: NameScope,
): Map<string, OwnCodeModule> => {
  const out = new Map<string, OwnCodeModule>();
  for (const { graph, names } of graphs)
    for (const node of orderedNodes(graph)) {
      const own = node.def?.emit?.ownCode;
      const name = names.get(node.id);
      if (!own || name === undefined) continue;
      const code = node.params[own.param];
      const where = graph.id === '' ? node.id : `${node.id} in module ${graph.id}`;
      const source = [
        `// Custom code of node "${commentText(node.label || node.id)}" (${commentText(where)}, ${commentText(node.type)}), copied verbatim from the project.`,
        '// Tessera exported it because it is trusted on the machine that exported it: read it before you run this program.',
        `import type { ${own.types.names.join(', ')} } from '../${own.types.module}';`,
        '',
        typeof code === 'string' ? code : '',
      ].join('\n');
      const pascal = name[0]!.toUpperCase() + name.slice(1);
      out.set(ownCodeKey(graph.id, node.id), {
        node,
        modulePath: `custom-code/${name}`,
        forwardAlias: scope.take(`${name}Forward`),
        factoryName: scope.take(`create${pascal}Layer`),
        param: own.param,
        source: source.endsWith('\n') ? source : `${source}\n`,
      });
    }
  return out;
};

/** The import lines of the program for these modules (their `forward`). */
export const ownCodeImports = (modules: Iterable<OwnCodeModule>, lib: string): string[] =>
  [...modules].map(
    (m) => `import { forward as ${m.forwardAlias} } from './${lib}/${m.modulePath}';`,
  );

/** `const createXLayer = binder(xForward);` per node, with a comment naming the node and its file. */
export const emitOwnCodeFactories = (
  w: CodeWriter,
  modules: Iterable<OwnCodeModule>,
  binderOf: (node: IRNode) => string | undefined,
  lib: string,
): void => {
  for (const m of modules) {
    const binder = binderOf(m.node);
    if (binder === undefined) continue;
    w.line(
      `// ${commentText(m.node.label || m.node.id)} (${commentText(m.node.type)}): its own code, verbatim in ${lib}/${m.modulePath}.ts.`,
    );
    w.line(`const ${m.factoryName} = ${binder}(${m.forwardAlias});`);
  }
};

/** The params the program passes to a node with own code: all but the code itself. */
export const paramsWithoutCode = (m: OwnCodeModule): string =>
  jsonLiteral(Object.fromEntries(Object.entries(m.node.params).filter(([k]) => k !== m.param)));

/** The repo-relative modules the code modules import types from (roots of the support folder). */
export const ownCodeTypeModules = (modules: Iterable<OwnCodeModule>): string[] => [
  ...new Set(
    [...modules].flatMap((m) => {
      const module = m.node.def?.emit?.ownCode?.types.module;
      return module === undefined ? [] : [module];
    }),
  ),
];
