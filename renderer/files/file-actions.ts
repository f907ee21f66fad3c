// New / Open / Save / Save As and templates, over the bridge. Opening never blanks the canvas:
// a file that fails shows its diagnostics and the previous project stays.
import type { Bridge, OpenedFile } from '../../core/ipc/contract';
import { createEmptyDocument } from '../../core/document/create-empty-document';
import { loadDocument } from '../../core/document/load-document';
import type { TesseraDocument } from '../../core/document/document.types';
import { hasErrors } from '../../core/diagnostics/diagnostic';
import type { DocumentStore } from '../store/document-store';
import { fragmentOfDocument, insertFragment } from '../store/insert-fragment';

/** Applies an opened file to the store; returns whether it loaded. */
export const applyOpened = (
  store: DocumentStore,
  opened: OpenedFile,
  asPath: string | undefined,
): boolean => {
  if (opened.content === undefined || hasErrors(opened.diagnostics)) {
    store.showFileProblem({ path: opened.path, diagnostics: opened.diagnostics });
    return false;
  }
  const loaded = loadDocument(opened.content);
  if (!loaded.document || hasErrors(loaded.diagnostics)) {
    store.showFileProblem({ path: opened.path, diagnostics: loaded.diagnostics });
    return false;
  }
  store.load(loaded.document, asPath);
  return true;
};

export const openProject = async (
  bridge: Bridge,
  store: DocumentStore,
  path: string,
): Promise<boolean> => applyOpened(store, await bridge.invoke('project:open', path), path);

export const openTemplate = async (
  bridge: Bridge,
  store: DocumentStore,
  id: string,
): Promise<boolean> => applyOpened(store, await bridge.invoke('templates:get', id), undefined);

export const newProject = (store: DocumentStore): void =>
  store.load(createEmptyDocument('Untitled'));

/**
 * Saves the document at `path` (inside the projects folder, a file chosen in the file dialog, or
 * the file opened or saved before). Rejects with the main side's message, which names the file
 * and the fix, when nothing was written; the file on disk is then unchanged.
 */
export const saveProject = async (
  bridge: Bridge,
  store: DocumentStore,
  path: string,
): Promise<string> => {
  const r = await bridge.invoke('project:save', { path, document: store.doc });
  if (r.path === undefined || hasErrors(r.diagnostics))
    throw new Error(
      r.diagnostics.map((d) => d.message).join(' ') || `Could not save ${path}; try Save As….`,
    );
  store.markSaved(r.path);
  return r.path;
};

/**
 * Drops a template onto the current document's top level: its nodes, edges and the modules they
 * call, renamed where they clash, at the drop point or beside the existing nodes (one undoable
 * edit). Shows the top level afterwards, where the inserted nodes are.
 */
export const dropTemplate = async (
  bridge: Bridge,
  store: DocumentStore,
  id: string,
  at: { x: number; y: number },
): Promise<string[]> => {
  const opened = await bridge.invoke('templates:get', id);
  const loaded = opened.content === undefined ? undefined : loadDocument(opened.content);
  const doc: TesseraDocument | undefined = loaded?.document;
  if (!doc) {
    store.showFileProblem({
      path: opened.path,
      diagnostics: [...opened.diagnostics, ...(loaded?.diagnostics ?? [])],
    });
    return [];
  }
  let ids: string[] = [];
  store.dispatch(
    `Insert ${doc.name}`,
    insertFragment(fragmentOfDocument(doc), at, (r) => (ids = r.nodeIds)),
  );
  store.exit();
  store.select(ids);
  return ids;
};

export const defaultFileName = (name: string): string =>
  `${
    name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'untitled'
  }.tessera.json`;
