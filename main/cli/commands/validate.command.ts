// `tessera validate FILE [--kernels [--backend B]]`: compiles a project and prints its diagnostics,
// one per line: "error node <label> (<id>) port <p>: message". With --kernels it also starts the
// backend, builds the project and checks that the backend has every forward, gradient and
// after-step kernel its objectives and previews run (engine/preflight). Exit 1 on errors, else 0.
import type { Diagnostic } from '../../../core/diagnostics/diagnostic';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import type { BackendChoice } from '../../engine/backend/select-backend';
import { createShapeEnv } from '../../engine/data/data-provider';
import { preflightKernels } from '../../engine/preflight/kernel-preflight';
import { formatDiagnostic } from '../../engine/run/format-diagnostic';
import { trainingMemoryLimit } from '../../engine/run/training-memory-limit';
import { parseCommandArgs } from '../args';
import type { CliCommand } from '../command';
import { io } from '../io';
import { readJsonFile } from '../read-document';
import { customCodeTrust, untrustedCodeDiagnostics } from '../../trust/custom-code-trust';
import { defaultTrustFile } from '../../trust/trust-file';
import { TrustStore } from '../../trust/trust-store';

const usage = `Usage: tessera validate FILE [--kernels [--backend auto|tensorflow|wasm|cpu]]

Checks a project file (structure, cycles, params, shapes, training) and prints every problem.
  --kernels      also start the training backend, build the project, and check that the backend
                 has every kernel training needs (forward, gradient and after-step of each
                 objective, and the previews), by running each once on a batch of 2
  --backend B    the backend to check with --kernels: auto (default, as \`tessera train\`), tensorflow, wasm, cpu
Exit code: 0 when there are no errors, 1 otherwise.
`;

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check a project file and print its problems',
  usage,
  run: async (args) => {
    const parsed = parseCommandArgs(
      args,
      {
        kernels: { kind: 'boolean' },
        backend: { kind: 'string', choices: ['auto', 'tensorflow', 'wasm', 'cpu'] },
      },
      { min: 1, max: 1 },
    );
    if (parsed.flags.backend !== undefined && parsed.flags.kernels !== true)
      parsed.errors.push('--backend is only used with --kernels.');
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
    // The machine's memory bounds the run's estimate (the engine narrows it to the wasm heap at train time).
    const result = compileDocument(read.value, nodeRegistry, createShapeEnv(), {
      memoryLimit: trainingMemoryLimit(),
    });
    const labelOf = (id: string): string | undefined =>
      result.program?.graph.nodes[id]?.label ??
      Object.values(result.program?.modules ?? {}).find((m) => m.nodes[id])?.nodes[id]?.label;
    const diagnostics: Diagnostic[] = [...result.diagnostics];
    // Custom code this machine does not trust (never run here): training will refuse it.
    for (const d of untrustedCodeDiagnostics(
      customCodeTrust(read.value, new TrustStore(defaultTrustFile())),
      file,
    ))
      diagnostics.push({ ...d, severity: 'warning' });
    if (parsed.flags.kernels === true) {
      if (!result.program || diagnostics.some((d) => d.severity === 'error'))
        io.out('Kernel check skipped: fix the errors above first.\n');
      else {
        const k = await preflightKernels(result.program, {
          backend: (parsed.flags.backend as BackendChoice | undefined) ?? 'auto',
        });
        if (k.backend)
          io.out(
            `Kernel check on backend ${k.backend.name} (${k.backend.reason}): ${k.kernelNames.length} kernels used.\n`,
          );
        diagnostics.push(...k.diagnostics);
      }
    }
    for (const d of diagnostics)
      (d.severity === 'error' ? io.err : io.out)(`${formatDiagnostic(d, labelOf)}\n`);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    io.out(
      `${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
    );
    return errors > 0 ? 1 : 0;
  },
};
