// A deterministic stand-in engine for shell tests (no tfjs): emits starting/running, one
// progress event per step with a falling loss, then finished; exports a fixed two-file program.
import type { EnginePort, EngineRun } from './engine-port';

export const fakeEngine = (): EnginePort => {
  let n = 0;
  return {
    info: async () => ({
      env: {
        datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
      },
      backend: { name: 'fake', reason: 'test', workers: 0 },
    }),
    exportTypeScript: async () => ({
      diagnostics: [
        {
          severity: 'info',
          source: 'export',
          message: 'Export is not available in the fake engine.',
        },
      ],
    }),
    // A tiny fixed export (a program and one support file), so shells can test writing it.
    exportProject: async (document, baseName) => {
      const name = (document as { name?: unknown } | null)?.name;
      const source = `// Fake export of ${typeof name === 'string' ? name : 'a project'} (no tfjs).\nimport { run } from './${baseName}.lib/run';\nrun();\n`;
      return {
        files: {
          [`${baseName}.ts`]: source,
          [`${baseName}.lib/run.ts`]: 'export const run = (): void => undefined;\n',
        },
        entry: `${baseName}.ts`,
        source,
        diagnostics: [],
      };
    },
    startTraining: (req, onEvent): EngineRun => {
      const runId = `fake-${++n}`;
      const total = req.steps ?? 3;
      let stopped = false;
      let paused = false;
      const done = (async () => {
        onEvent({
          type: 'status',
          runId,
          state: 'running',
          backend: { name: 'fake', reason: 'test', workers: 0 },
        });
        for (let step = 1; step <= total && !stopped; step++) {
          while (paused && !stopped) await new Promise((r) => setTimeout(r, 5));
          await new Promise((r) => setTimeout(r, 5));
          onEvent({
            type: 'progress',
            runId,
            stageIndex: 0,
            stageName: 's',
            step,
            totalSteps: total,
            losses: { loss: 1 / step },
            metrics: {},
            examplesPerSecond: 100,
            etaSeconds: total - step,
          });
        }
        onEvent({
          type: 'status',
          runId,
          state: stopped ? 'stopped' : 'finished',
          checkpoint: `/tmp/${runId}/checkpoint.json`,
        });
      })();
      return {
        runId,
        pause: () => (paused = true),
        resume: () => (paused = false),
        stop: () => (stopped = true),
        done,
      };
    },
  };
};
