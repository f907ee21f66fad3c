// What every panel needs: the store, the bridge, the node registry, the compile result.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Bridge, EngineInfo } from '../../core/ipc/contract';
import type { NodeRegistry, ShapeEnv } from '../../core/node-contract/node-definition';
import type { CompileView } from '../model/compile-view';
import type { DocumentStore, StoreSnapshot } from '../store/document-store';
import type { CustomCodeTrustView } from '../custom-code/use-custom-code-trust';

export interface Editor {
  store: DocumentStore;
  bridge: Bridge;
  registry: NodeRegistry;
  env: ShapeEnv;
  engine?: EngineInfo;
  view: CompileView;
  toast(message: string, kind?: 'info' | 'error'): void;
  /** Centre the canvas on a node and select it. */
  focusNode(nodeId: string, path?: string): void;
  /** Trust in the document's custom code, as the main side reports it (absent in some test harnesses). */
  trust?: CustomCodeTrustView;
}

export const EditorContext = createContext<Editor | null>(null);

export const useEditor = (): Editor => {
  const e = useContext(EditorContext);
  if (!e) throw new Error('useEditor outside EditorContext');
  return e;
};

export const useStoreSnapshot = (store: DocumentStore): StoreSnapshot =>
  useSyncExternalStore(store.subscribe, store.getSnapshot);
