// The real engine behind the shells: main/engine's trainer and shape env, loaded lazily so
// that the shells start fast (tfjs loads on the first Train).
import type { ShapeEnv } from '../../../core/node-contract/node-definition';
import type { TrainEvent } from '../../../core/ipc/train-event';
import type { EnginePort, EngineRun, EngineRunRequest } from './engine-port';

interface RunModule {
  startTraining(request: EngineRunRequest, onEvent: (e: TrainEvent) => void): EngineRun;
}

const importOptional = async <T>(specifier: string): Promise<T | undefined> => {
  try {
    return (await import(/* @vite-ignore */ specifier)) as T;
  } catch (e) {
    if (/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(String(e))) return undefined;
    throw e;
  }
};

const fallbackEnv: ShapeEnv = {
  datasets: {
    mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 },
    'fashion-mnist': { available: true, height: 28, width: 28, channels: 1, classes: 10 },
  },
};

export const createEngineAdapter = (): EnginePort => {
  let runModule: Promise<RunModule | undefined> | undefined;
  const loadRun = () => (runModule ??= importOptional<RunModule>('../../engine/run'));
  return {
    info: async () => {
      const envMod = await importOptional<{ createShapeEnv?: () => ShapeEnv | Promise<ShapeEnv> }>('../../engine/data/shape-env');
      return { env: (await envMod?.createShapeEnv?.()) ?? fallbackEnv };
    },
    startTraining: (request, onEvent) => {
      let inner: EngineRun | undefined;
      let stopped = false;
      const runId = `run-${Date.now().toString(36)}`;
      const done = loadRun().then((mod) => {
        if (!mod) {
          onEvent({ type: 'status', status: { runId, state: 'failed', message: 'The training engine (main/engine/run) is not installed in this build.' } });
          return undefined;
        }
        if (stopped) return undefined;
        inner = mod.startTraining(request, onEvent);
        return inner.done;
      });
      // The engine names its own run id; until it starts, the shell's id stands in.
      return {
        get runId() {
          return inner?.runId ?? runId;
        },
        pause: () => inner?.pause(),
        resume: () => inner?.resume(),
        stop: () => {
          stopped = true;
          inner?.stop();
        },
        done,
      };
    },
    exportTypeScript: async () => ({
      diagnostics: [{ severity: 'info', source: 'export', message: 'TypeScript export lands with the exporter (core/codegen); the document JSON is shown meanwhile.' }],
    }),
  };
};
