// Test harness: the Inspector over a real store, the real node registry and a compile view that
// follows every edit (as the app's useMemo does).
import { useMemo } from 'react';
import { render } from '@testing-library/react';
import residualJson from '../../../templates/blocks/residual-conv-block.json';
import transformerJson from '../../../templates/blocks/transformer-block.json';
import type { TesseraDocument } from '../../../core/document/document.types';
import type { ShapeEnv } from '../../../core/node-contract/node-definition';
import { nodeRegistry } from '../../../nodes/registry';
import { EditorContext, useStoreSnapshot, type Editor } from '../../app/editor-context';
import { compileView } from '../../model/compile-view';
import { DocumentStore } from '../../store/document-store';
import { Inspector } from '../inspector';

const noDatasets: ShapeEnv = { datasets: {} };

const blocks = { 'residual-conv-block': residualJson, 'transformer-block': transformerJson };

/** A fresh copy of a block document from templates/blocks (one module, no top-level nodes). */
export const loadBlockDoc = (id: keyof typeof blocks): TesseraDocument =>
  structuredClone(blocks[id]) as unknown as TesseraDocument;

const Harness = ({ store, env }: { store: DocumentStore; env: ShapeEnv }) => {
  const snap = useStoreSnapshot(store);
  const view = useMemo(
    () => compileView(snap.doc, nodeRegistry, env, snap.scope),
    [snap.doc, snap.scope, env],
  );
  const editor = {
    store,
    registry: nodeRegistry,
    env,
    view,
    toast: () => undefined,
    focusNode: () => undefined,
  } as unknown as Editor;
  return (
    <EditorContext.Provider value={editor}>
      <Inspector />
    </EditorContext.Provider>
  );
};

/** `env` lists the datasets shape inference knows (none unless given). */
export const mountInspector = (doc: TesseraDocument, env: ShapeEnv = noDatasets) => {
  const store = new DocumentStore(doc);
  const view = render(<Harness store={store} env={env} />);
  return { store, ...view };
};
