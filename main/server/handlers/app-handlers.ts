// The one implementation of the contract's handlers, shared by the web bridge and Electron.
// Shells validate payloads (contract.schemas.ts) before calling these.
import * as nodePath from 'node:path';
import type { InvokeHandlers } from '../../../core/ipc/contract';
import type { TrainEvent } from '../../../core/ipc/train-event';
import type { CheckpointInfo } from '../../../core/ipc/training-messages';
import type { EnginePort, EngineRun } from './engine-port';
import { createDatasetHandlers } from '../../files/dataset-handlers';
import { createFileHandlers } from '../../files/file-handlers';
import type { NativeDatasetChooser } from '../../files/native-dataset-chooser';
import type { NativeFileChooser } from '../../files/native-file-chooser';
import { WorkspaceMemory } from './project-files';
import { listTemplates, readTemplate } from './templates';
import { readTemplateResults } from './template-results';
import { listBlocks } from './blocks';
import { RecoveryJournal } from '../../recovery/recovery-journal';
import { defaultTrustFile } from '../../trust/trust-file';
import { createTrustHandlers } from '../../trust/trust-handlers';
import { TrustStore } from '../../trust/trust-store';
import { RunHistory } from '../../run-history/run-history';
import { RunStore } from '../../run-history/run-store';

export interface AppHandlerOptions {
  engine: EnginePort;
  shell: 'web' | 'electron';
  appVersion: string;
  templatesDir: string;
  /** The templates' results images (templates:results); default docs/results beside templatesDir. */
  resultsDir?: string;
  projectsDir: string;
  runsDir: string;
  recentFile: string;
  /** Where the workspace (open project, scope, viewport) is remembered between starts; default beside recentFile. */
  workspaceFile?: string;
  /** The recovery journal of unsaved work; default a `recovery` folder beside recentFile. */
  recovery?: RecoveryJournal;
  /** Sends an event to every connected UI. */
  emit: (event: 'train:event', payload: TrainEvent) => void;
  /** The shell's own file dialog (Electron's, in the main process); the web shell has none. */
  chooseFile?: NativeFileChooser;
  /** The shell's own dialog for image folders and text files (Electron's); the web shell has none. */
  chooseDataset?: NativeDatasetChooser;
  /** Where trust in custom code is recorded (trust:status/grant, and what training checks); default the per-user trust.json. */
  trustFile?: string;
}

export interface AppHandlers {
  handlers: InvokeHandlers;
  /** Stops every run (shell shutting down). */
  stopAll(): Promise<void>;
}

export const createAppHandlers = (o: AppHandlerOptions): AppHandlers => {
  // Open, save, recent, the projects listing, files:choose and the export's write: one file policy.
  const files = createFileHandlers({
    engine: o.engine,
    projectsDir: o.projectsDir,
    recentFile: o.recentFile,
    chooseFile: o.chooseFile,
  });
  // Image folders and text files the UI has the main side read: the same rules as project files.
  const datasets = createDatasetHandlers({
    engine: o.engine,
    projectsDir: o.projectsDir,
    accessFile: nodePath.join(nodePath.dirname(o.recentFile), 'dataset-sources.json'),
    chooseDataset: o.chooseDataset,
  });
  const workspace = new WorkspaceMemory(
    o.workspaceFile ?? nodePath.join(nodePath.dirname(o.recentFile), 'workspace.json'),
  );
  const journal =
    o.recovery ??
    new RecoveryJournal({ dir: nodePath.join(nodePath.dirname(o.recentFile), 'recovery') });
  const trustFile = o.trustFile ?? defaultTrustFile();
  const resultsDir =
    o.resultsDir ?? nodePath.join(nodePath.dirname(o.templatesDir), 'docs', 'results');
  const runs = new Map<string, { run: EngineRun; checkpoints: CheckpointInfo[] }>();
  // Each run's record beside its checkpoints (<runsDir>/<runId>/run.json): the project's run history.
  const history = new RunHistory({
    store: new RunStore(o.runsDir),
    ...(o.engine.checkResume ? { checkResume: o.engine.checkResume.bind(o.engine) } : {}),
  });
  const runOf = (runId: string) => {
    const r = runs.get(runId);
    if (!r) throw new Error(`No training run ${runId}; start one first.`);
    return r;
  };

  const handlers = {
    'engine:info': async () => ({
      ...(await o.engine.info()),
      appVersion: o.appVersion,
      shell: o.shell,
    }),
    'templates:list': async () => listTemplates(o.templatesDir, resultsDir),
    'templates:get': async (id) => readTemplate(o.templatesDir, id),
    'templates:results': async (id) => readTemplateResults(resultsDir, id),
    'blocks:list': async () => listBlocks(nodePath.join(o.templatesDir, 'blocks')),
    ...files.handlers,
    'workspace:get': async () => workspace.get(),
    'workspace:set': async (state) => workspace.set(state),
    'train:start': async (req) => {
      await datasets.checkTraining(req.document);
      const entry: {
        run?: EngineRun;
        checkpoints: CheckpointInfo[];
        step: number;
        stageIndex: number;
      } = { checkpoints: [], step: 0, stageIndex: 0 };
      // Events the engine sends before it returns the run id wait for the run's record.
      const early: TrainEvent[] = [];
      const recorded: { record?: (event: TrainEvent) => void } = {};
      const run = o.engine.startTraining(
        {
          document: req.document,
          steps: req.steps,
          backend: req.backend,
          resumeFrom: req.resumeFrom,
          outDir: o.runsDir,
          trustFile,
        },
        (event) => {
          if (event.type === 'progress') {
            entry.step = event.step;
            entry.stageIndex = event.stageIndex;
          }
          if (
            event.type === 'status' &&
            event.checkpoint &&
            !entry.checkpoints.some((c) => c.path === event.checkpoint)
          )
            entry.checkpoints.push({
              path: event.checkpoint,
              step: entry.step,
              stageIndex: entry.stageIndex,
              createdAt: new Date().toISOString(),
            });
          if (recorded.record) recorded.record(event);
          else early.push(event);
          o.emit('train:event', event);
        },
      );
      const record = history.begin(run.runId, req);
      recorded.record = record;
      for (const event of early.splice(0)) record(event);
      entry.run = run;
      runs.set(run.runId, { run, checkpoints: entry.checkpoints });
      run.done.catch(() => undefined);
      return { runId: run.runId };
    },
    'train:pause': async ({ runId }) => {
      runOf(runId).run.pause();
    },
    'train:resume': async ({ runId }) => {
      runOf(runId).run.resume();
    },
    'train:stop': async ({ runId }) => {
      runOf(runId).run.stop();
    },
    'train:checkpoints': async ({ runId }) => [...runOf(runId).checkpoints],
    ...history.handlers,
    'code:exportTypeScript': async ({ document }) => o.engine.exportTypeScript(document),
    'recovery:write': async (request) => journal.write(request),
    'recovery:list': async () => journal.list(),
    'recovery:discard': async ({ id }) => journal.discard(id),
    ...createTrustHandlers(new TrustStore(trustFile)),
    ...datasets.handlers,
  } satisfies InvokeHandlers;

  return {
    handlers,
    stopAll: async () => {
      await journal.flush();
      for (const { run } of runs.values()) run.stop();
      await Promise.allSettled([...runs.values()].map((r) => r.run.done));
      await history.flush();
    },
  };
};
