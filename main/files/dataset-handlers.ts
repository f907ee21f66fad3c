// The dataset channels, the same in both shells: datasets:choose (the dialog, then the dataset
// policy records the choice) and datasets:preview (the node's folder or file checked by that
// policy before the engine reads it). Also the check train:start makes of a document's image
// folders. Refusals come back as diagnostics (preview, choose) or a thrown message (training).
import * as nodePath from 'node:path';
import { diagnostic } from '../../core/diagnostics/diagnostic';
import type { InvokeHandlers } from '../../core/ipc/contract';
import type { DatasetPreviewRequest } from '../../core/ipc/dataset-preview';
import type { EnginePort } from '../server/handlers/engine-port';
import { DatasetAccess, type DatasetPathKind } from './dataset-access';
import type { NativeDatasetChooser } from './native-dataset-chooser';

export type DatasetChannel = 'datasets:preview' | 'datasets:choose';

/** The folder or file a dataset node reads, when it reads one the user named. */
export const datasetPathOf = (
  type: string,
  params: Record<string, unknown>,
): { kind: DatasetPathKind; path: string } | undefined => {
  if (type === 'data/image-folder' && typeof params['folder'] === 'string')
    return { kind: 'folder', path: params['folder'].trim() };
  const source = params['source'];
  if (type === 'data/text-file' && typeof source === 'string' && source.trim() !== 'kjv')
    return { kind: 'file', path: source.trim() };
  return undefined;
};

type NodeLike = { type?: unknown; params?: unknown; label?: unknown };

/** Every image folder a document's nodes (top level and modules) would read in training. */
export const imageFoldersOf = (document: unknown): { nodeId: string; folder: string }[] => {
  const doc = document as {
    nodes?: Record<string, NodeLike>;
    modules?: Record<string, { nodes?: Record<string, NodeLike> }>;
  };
  const graphs = [
    doc?.nodes ?? {},
    ...Object.values(doc?.modules ?? {}).map((m) => m?.nodes ?? {}),
  ];
  const out: { nodeId: string; folder: string }[] = [];
  for (const nodes of graphs)
    for (const [nodeId, n] of Object.entries(nodes)) {
      const params = (n?.params ?? {}) as Record<string, unknown>;
      if (
        n?.type === 'data/image-folder' &&
        typeof params['folder'] === 'string' &&
        params['folder'].trim() !== ''
      )
        out.push({ nodeId, folder: params['folder'].trim() });
    }
  return out;
};

export interface DatasetHandlerOptions {
  engine: EnginePort;
  projectsDir: string;
  /** Where chosen dataset paths are remembered (beside the recent files). */
  accessFile?: string;
  chooseDataset?: NativeDatasetChooser;
}

export const createDatasetHandlers = (o: DatasetHandlerOptions) => {
  const access = new DatasetAccess({ projectsDir: o.projectsDir, file: o.accessFile });
  const handlers: Pick<InvokeHandlers, DatasetChannel> = {
    'datasets:choose': async ({ kind, path }) => {
      let chosen = path;
      if (o.chooseDataset) {
        const start = path !== undefined && nodePath.isAbsolute(path) ? path : o.projectsDir;
        chosen = await o.chooseDataset(kind, start);
        if (chosen === undefined) return { cancelled: true, diagnostics: [] };
      } else if (chosen === undefined)
        return {
          diagnostics: [
            diagnostic('error', 'file', `Type the full path of the ${kind}, then choose it.`),
          ],
        };
      const verdict = await access.allow(kind, chosen);
      return verdict.ok
        ? { path: verdict.path, diagnostics: [] }
        : { diagnostics: [diagnostic('error', 'file', verdict.message)] };
    },
    'datasets:preview': async (request: DatasetPreviewRequest) => {
      const where = request.nodeId ? { nodeId: request.nodeId } : {};
      if (!o.engine.previewDataset)
        return {
          diagnostics: [
            diagnostic('info', 'dataset', 'This engine shows no dataset previews.', where),
          ],
        };
      const target = datasetPathOf(request.type, request.params);
      if (target && target.path !== '') {
        const verdict = await access.check(target.kind, target.path);
        if (!verdict.ok)
          return { diagnostics: [diagnostic('error', 'file', verdict.message, where)] };
      }
      return o.engine.previewDataset(request);
    },
  };
  /** Throws when a document's image folder may not be read from this shell (train:start). */
  const checkTraining = async (document: unknown): Promise<void> => {
    for (const { nodeId, folder } of imageFoldersOf(document)) {
      const verdict = await access.check('folder', folder);
      if (!verdict.ok) throw new Error(`Image Folder (${nodeId}): ${verdict.message}`);
    }
  };
  return { handlers, checkTraining, access };
};
