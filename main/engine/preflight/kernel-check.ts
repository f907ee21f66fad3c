// Preflight: does the active backend have every kernel training needs? Profiles each objective
// (forward, gradient, after-step) and each preview on a tiny batch (kernel-profile.ts), then
// reports one error diagnostic per node and missing kernel, with the fix. When the active
// backend stops on a missing kernel, the full kernel set is found on the cpu backend (which
// has every kernel tf ships) and the active backend is restored.
import { diagnostic, type Diagnostic } from '../../../core/diagnostics/diagnostic';
import type { TF } from '../../../core/node-contract/node-definition';
import type { BuiltProgram } from '../build/build-program';
import { missingKernels } from '../backend/select-backend';
import type { KernelPhase } from './kernel-attribution';
import {
  profileKernels,
  type KernelProfile,
  type KernelUse,
  type ProfileFailure,
  type ProfileOptions,
} from './kernel-profile';

export const KERNEL_SOURCE = 'kernels';

export interface KernelCheckOptions extends ProfileOptions {
  /** Whether `backendName` implements `kernel` (default: tf's kernel registry, via missingKernels). */
  hasKernel?: (kernel: string) => boolean;
  /** Called with every profile taken (active backend, then cpu if it stopped); for tests and reports. */
  onProfile?: (profile: KernelProfile, backend: string) => void;
}

const PHASE_WORDS: Record<KernelPhase, string> = {
  forward: 'forward pass',
  gradient: 'gradient',
  'after-step': 'after-step update',
};

/** How to get the kernel: another backend, or another node. */
const fixFor = (backendName: string): string => {
  const alt = ['tensorflow (tfjs-node)', 'cpu', 'wasm'].filter(
    (b) => b.split(' ')[0] !== backendName,
  );
  return `train on ${alt.join(' or ')} (--backend), or replace the node`;
};

interface Group {
  nodeId: string;
  label: string;
  module: string;
  kernel: string;
  phases: Set<KernelPhase>;
  tasks: Set<string>;
}

/**
 * The pure part: one error per (node, kernel) the backend lacks among `uses`, plus the
 * failures of the profile run (a missing kernel found by a run: error; anything else: warning).
 */
export const kernelDiagnostics = (
  uses: readonly KernelUse[],
  failures: readonly ProfileFailure[],
  backendName: string,
  hasKernel: (kernel: string) => boolean,
): Diagnostic[] => {
  const groups = new Map<string, Group>();
  const add = (
    nodeId: string,
    label: string,
    module: string,
    kernel: string,
    phase: KernelPhase,
    task: string,
  ): void => {
    const key = `${module}\u0000${nodeId}\u0000${kernel}`;
    const g = groups.get(key) ?? {
      nodeId,
      label,
      module,
      kernel,
      phases: new Set(),
      tasks: new Set(),
    };
    g.phases.add(phase);
    g.tasks.add(task);
    groups.set(key, g);
  };
  const known = new Map<string, boolean>();
  const has = (k: string): boolean => {
    const hit = known.get(k);
    if (hit !== undefined) return hit;
    const v = hasKernel(k);
    known.set(k, v);
    return v;
  };
  for (const u of uses) {
    if (has(u.kernel)) continue;
    if (u.owner) add(u.owner.nodeId, u.owner.label, u.owner.module, u.kernel, u.phase, u.task);
    else add(u.lossNodeId, u.lossNodeId, '', u.kernel, u.phase, u.task);
  }
  const out: Diagnostic[] = [];
  for (const f of failures) {
    if (f.kernel) {
      const o = f.owner;
      if (![...groups.values()].some((g) => g.kernel === f.kernel))
        add(
          o?.nodeId ?? f.lossNodeId,
          o?.label ?? f.lossNodeId,
          o?.module ?? '',
          f.kernel,
          'forward',
          f.task,
        );
    } else
      out.push(
        diagnostic(
          'warning',
          KERNEL_SOURCE,
          `The kernel check could not run ${f.task} on a small batch (${f.message.split('\n')[0]}); its kernels on the ${backendName} backend are unchecked.`,
          {
            nodeId: f.lossNodeId,
          },
        ),
      );
  }
  for (const g of groups.values()) {
    const where = g.module ? ` (in module '${g.module}')` : '';
    const what = [...g.phases].map((p) => PHASE_WORDS[p]).join(' and ');
    const tasks = [...g.tasks].join(', ');
    out.unshift(
      diagnostic(
        'error',
        KERNEL_SOURCE,
        `Node '${g.label}'${where} needs the ${g.kernel} kernel (its ${what}, in ${tasks}), which the ${backendName} backend lacks; ${fixFor(backendName)}.`,
        { nodeId: g.nodeId },
      ),
    );
  }
  return out;
};

/**
 * Checks that `backendName` (the active backend) has every kernel the built program's
 * objectives and previews run. Call after buildProgram and before the first step: it leaves
 * weights, state, optimizer slots, the trainer's RNG and the tensor count as they were.
 */
export const checkKernels = async (
  tf: TF,
  built: BuiltProgram,
  backendName: string,
  opts: KernelCheckOptions = {},
): Promise<Diagnostic[]> => {
  const hasKernel =
    opts.hasKernel ?? ((k: string) => missingKernels(backendName, [k]).length === 0);
  const active = tf.getBackend();
  let profile = await profileKernels(tf, built, opts);
  opts.onProfile?.(profile, active);
  if (profile.failures.some((f) => f.kernel !== undefined) && active !== 'cpu') {
    // The run stopped at the first missing kernel; the cpu backend shows the whole set.
    const stopped = profile;
    try {
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
      profile = await profileKernels(tf, built, opts);
      opts.onProfile?.(profile, 'cpu');
      // Kernels the cpu run could not reach either stay reported from the first run.
      profile = {
        ...profile,
        failures: [...profile.failures, ...stopped.failures.filter((f) => f.kernel !== undefined)],
      };
    } catch {
      profile = stopped;
    } finally {
      await tf.setBackend(active);
    }
  }
  return kernelDiagnostics(profile.uses, profile.failures, backendName, hasKernel);
};
