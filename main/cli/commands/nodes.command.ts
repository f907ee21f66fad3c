// `tessera nodes [--json] [--category C]`: lists every node type with its ports and params, from
// the same catalog docs/nodes.md is rendered from (nodes/node-catalog.ts).
import type { AnyNodeDefinition } from '../../../core/node-contract/node-definition';
import { catalogCategories, nodeCatalog } from '../../../nodes/node-catalog';
import { allNodeDefinitions } from '../../../nodes/registry';
import { parseCommandArgs } from '../args';
import type { CliCommand } from '../command';
import { formatNodeCatalog } from '../format-node-catalog';
import { io } from '../io';

const usage = `Usage: tessera nodes [--json] [--category C]

Lists every node type: id, title, category, version, role, legacy mark, ports and params.
  --json          print one JSON document {"nodes": [...]} instead of the table
  --category C    only the node types of category C (e.g. layers, loss)
`;

/** The command over a given set of definitions (tests pass their own). */
export const createNodesCommand = (defs: readonly AnyNodeDefinition[]): CliCommand => ({
  name: 'nodes',
  summary: 'List every node type with its ports and params',
  usage,
  run: async (args) => {
    const parsed = parseCommandArgs(
      args,
      { json: { kind: 'boolean' }, category: { kind: 'string' } },
      { min: 0, max: 0 },
    );
    if (parsed.errors.length > 0) {
      io.err(`${parsed.errors.join('\n')}\n\n${usage}`);
      return 1;
    }
    const all = nodeCatalog(defs);
    const category = parsed.flags.category as string | undefined;
    if (category !== undefined && !all.some((n) => n.category === category)) {
      io.err(
        `error: no node type has category "${category}"; choose one of ${catalogCategories(all).join(', ')}.\n`,
      );
      return 1;
    }
    const nodes = category === undefined ? all : all.filter((n) => n.category === category);
    io.out(
      parsed.flags.json === true
        ? `${JSON.stringify({ nodes }, null, 2)}\n`
        : formatNodeCatalog(nodes),
    );
    return 0;
  },
});

export const nodesCommand = createNodesCommand(allNodeDefinitions);
