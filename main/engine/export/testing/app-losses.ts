// Test helpers: the app trainer's losses for a document (the engine in-process, as the Training
// panel runs it), and a comparison of two loss series within a relative tolerance.
import type * as tfjs from '@tensorflow/tfjs';
import { compileDocument } from '../../../../core/graph/compile';
import { nodeRegistry } from '../../../../nodes/registry';
import { createDataProvider, createShapeEnv } from '../../data/data-provider';
import { buildProgram } from '../../build/build-program';
import { Trainer } from '../../train/trainer';

export type StepLosses = Record<string, number>;

/** The app's losses for the first `steps` steps. */
export const appLosses = async (
  tf: typeof tfjs,
  doc: unknown,
  steps: number,
): Promise<StepLosses[]> => {
  const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
  if (!compiled.program) throw new Error(JSON.stringify(compiled.diagnostics));
  const built = await buildProgram(tf, compiled.program, {
    data: createDataProvider(),
    seed: compiled.program.training.seed,
  });
  const trainer = new Trainer(built, { steps });
  const out: StepLosses[] = [];
  while (!trainer.done) out.push(trainer.runStep().losses);
  built.dispose();
  return out;
};

/** Where `b` differs from `a` (step count, loss names, or a value beyond `rel` relative); [] when close. */
export const lossMismatches = (a: StepLosses[], b: StepLosses[], rel = 1e-4): string[] => {
  if (a.length !== b.length) return [`${a.length} steps against ${b.length}`];
  return a.flatMap((step, i) => {
    const names = Object.keys(step).sort();
    if (names.length === 0) return [`step ${i + 1} has no losses`];
    if (JSON.stringify(Object.keys(b[i]!).sort()) !== JSON.stringify(names))
      return [`step ${i + 1}: losses ${names.join(', ')} against ${Object.keys(b[i]!).join(', ')}`];
    return names.flatMap((k) => {
      const v = step[k]!;
      const w = b[i]![k]!;
      const gap = Math.abs(w - v) / Math.max(Math.abs(v), 1e-8);
      return gap < rel
        ? []
        : [`step ${i + 1} ${k}: ${v} against ${w} (${gap.toExponential(2)} relative)`];
    });
  });
};
