// The one implementation of the contract's handlers, shared by the web bridge and Electron.
// Shells validate payloads (contract.schemas.ts) before calling these.
import { mkdir } from 'node:fs/promises';
import * as nodePath from 'node:path';
import type { InvokeHandlers } from '../../../core/ipc/contract';
import type { TesseraDocument } from '../../../core/document/document.types';
import { serializeDocument } from '../../../core/document/serialize-document';
import type { TrainEvent } from '../../../core/ipc/train-event';
import type { CheckpointInfo } from '../../../core/ipc/training-messages';
import type { EnginePort, EngineRun } from './engine-port';
import {
  listProjects,
  readProjectFile,
  RecentFiles,
  WorkspaceMemory,
  writeProjectFileAtomic,
} from './project-files';
import { saveExport } from './save-export';
import { listTemplates, readTemplate } from './templates';
import { listBlocks } from './blocks';

export interface AppHandlerOptions {
  engine: EnginePort;
  shell: 'web' | 'electron';
  appVersion: string;
  templatesDir: string;
  projectsDir: string;
  runsDir: string;
  recentFile: string;
  /** Where the workspace (open project, scope, viewport) is remembered between starts; default beside recentFile. */
  workspaceFile?: string;
  /** Sends an event to every connected UI. */
  emit: (event: 'train:event', payload: TrainEvent) => void;
}

export interface AppHandlers {
  handlers: InvokeHandlers;
  /** Stops every run (shell shutting down). */
  stopAll(): Promise<void>;
}

export const createAppHandlers = (o: AppHandlerOptions): AppHandlers => {
  const recent = new RecentFiles(o.recentFile);
  const workspace = new WorkspaceMemory(
    o.workspaceFile ?? nodePath.join(nodePath.dirname(o.recentFile), 'workspace.json'),
  );
  const runs = new Map<string, { run: EngineRun; checkpoints: CheckpointInfo[] }>();
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
    'templates:list': async () => listTemplates(o.templatesDir),
    'templates:get': async (id) => readTemplate(o.templatesDir, id),
    'blocks:list': async () => listBlocks(nodePath.join(o.templatesDir, 'blocks')),
    'project:open': async (path) => {
      const opened = await readProjectFile(path);
      if (opened.content !== undefined) await recent.add(opened.path);
      return opened;
    },
    'project:save': async ({ path, document }) => {
      // Stable key order (serializeDocument), so saving twice gives the same bytes.
      const text = serializeDocument(document as unknown as TesseraDocument);
      const abs = await writeProjectFileAtomic(
        nodePath.isAbsolute(path) ? path : nodePath.join(o.projectsDir, path),
        text,
      );
      await recent.add(abs);
      return { path: abs };
    },
    'project:recent': async () => recent.list(),
    'project:list': async () => {
      // The projects folder is created on first use (Save As and exports default there).
      await mkdir(o.projectsDir, { recursive: true }).catch(() => undefined);
      return { dir: o.projectsDir, files: await listProjects(o.projectsDir) };
    },
    'workspace:get': async () => workspace.get(),
    'workspace:set': async (state) => workspace.set(state),
    'train:start': async (req) => {
      const entry: {
        run?: EngineRun;
        checkpoints: CheckpointInfo[];
        step: number;
        stageIndex: number;
      } = { checkpoints: [], step: 0, stageIndex: 0 };
      const run = o.engine.startTraining(
        {
          document: req.document,
          steps: req.steps,
          backend: req.backend,
          resumeFrom: req.resumeFrom,
          outDir: o.runsDir,
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
          o.emit('train:event', event);
        },
      );
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
    'code:exportTypeScript': async ({ document }) => o.engine.exportTypeScript(document),
    'code:saveExport': async (request) => saveExport(o.engine, o.projectsDir, request),
  } satisfies InvokeHandlers;

  return {
    handlers,
    stopAll: async () => {
      for (const { run } of runs.values()) run.stop();
      await Promise.allSettled([...runs.values()].map((r) => r.run.done));
    },
  };
};
