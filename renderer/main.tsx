// Entry point of the UI, the same in the web shell and Electron.
// First: Intl made safe for odd language tags before any library reads navigator.language.
import './app/install-safe-intl';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { createEmptyDocument } from '../core/document/create-empty-document';
import { createBridge } from './bridge/bridge';
import { DocumentStore } from './store/document-store';
import { App } from './app/app';

const store = new DocumentStore(createEmptyDocument('Untitled'));
const bridge = createBridge();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ReactFlowProvider>
      <App store={store} bridge={bridge} />
    </ReactFlowProvider>
  </StrictMode>,
);
