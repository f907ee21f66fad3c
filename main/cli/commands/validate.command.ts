// `tessera validate FILE`: compiles a project and prints its diagnostics, one per line:
// "error node <label> (<id>) port <p>: message". Exit 1 when there are errors, else 0.
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { createShapeEnv } from '../../engine/data/data-provider';
import { formatDiagnostic } from '../../engine/run/format-diagnostic';
import { parseCommandArgs } from '../args';
import type { CliCommand } from '../command';
import { io } from '../io';
import { readJsonFile } from '../read-document';

const usage = 'Usage: tessera validate FILE\n\nChecks a project file (structure, cycles, params, shapes, training) and prints every problem.\nExit code: 0 when there are no errors, 1 otherwise.\n';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check a project file and print its problems',
  usage,
  run: async (args) => {
    const parsed = parseCommandArgs(args, {}, { min: 1, max: 1 });
    if (parsed.errors.length > 0) {
      io.err(`${parsed.errors.join('\n')}\n\n${usage}`);
      return 1;
    }
    const file = parsed.positionals[0] as string;
    const read = await readJsonFile(file);
    if (read.error !== undefined) {
      io.err(`error: ${read.error}\n`);
      return 1;
    }
    const result = compileDocument(read.value, nodeRegistry, createShapeEnv());
    const labelOf = (id: string): string | undefined =>
      result.program?.graph.nodes[id]?.label ?? Object.values(result.program?.modules ?? {}).find((m) => m.nodes[id])?.nodes[id]?.label;
    for (const d of result.diagnostics) (d.severity === 'error' ? io.err : io.out)(`${formatDiagnostic(d, labelOf)}\n`);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
    io.out(`${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
    return errors > 0 ? 1 : 0;
  },
};
