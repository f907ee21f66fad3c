// The kernel check as one call for shells (`tessera validate --kernels`): selects the backend,
// builds the compiled program, runs checkKernels and disposes what it built. Never throws: a
// backend that will not start or a program that will not build comes back as a diagnostic.
import { diagnostic, type Diagnostic } from '../../../core/diagnostics/diagnostic';
import type { IRProgram } from '../../../core/graph/ir';
import type { BackendInfo } from '../../../core/ipc/training-messages';
import type { DataProvider } from '../../../core/node-contract/node-definition';
import { initBackend, type BackendChoice } from '../backend/select-backend';
import { buildProgram, type BuiltProgram } from '../build/build-program';
import { createDataProvider } from '../data/data-provider';
import { checkKernels, KERNEL_SOURCE } from './kernel-check';

export interface KernelPreflightResult {
  /** The backend checked; absent when none could be started. */
  backend?: BackendInfo;
  diagnostics: Diagnostic[];
  /** Every kernel the objectives and previews ran (on the backend, or on cpu where it stopped). */
  kernelNames: string[];
}

const messageOf = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

export const preflightKernels = async (
  program: IRProgram,
  opts: { backend?: BackendChoice; data?: DataProvider } = {},
): Promise<KernelPreflightResult> => {
  let backend: BackendInfo;
  let tf: Awaited<ReturnType<typeof initBackend>>['tf'];
  try {
    const r = await initBackend({ backend: opts.backend ?? 'auto' });
    backend = r.info;
    tf = r.tf;
  } catch (e) {
    return {
      diagnostics: [diagnostic('error', KERNEL_SOURCE, `${messageOf(e)}`)],
      kernelNames: [],
    };
  }
  let built: BuiltProgram | undefined;
  try {
    built = await buildProgram(tf, program, {
      data: opts.data ?? createDataProvider(),
      seed: program.training.seed,
    });
    const names = new Set<string>();
    const diagnostics = await checkKernels(tf, built, backend.name, {
      onProfile: (p) => p.kernelNames.forEach((k) => names.add(k)),
    });
    return { backend, diagnostics, kernelNames: [...names].sort() };
  } catch (e) {
    return {
      backend,
      diagnostics: [
        diagnostic(
          'error',
          KERNEL_SOURCE,
          `The project could not be built for the kernel check: ${messageOf(e)}`,
        ),
      ],
      kernelNames: [],
    };
  } finally {
    built?.dispose();
  }
};
