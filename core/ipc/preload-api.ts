// What the Electron preload exposes on `window.tessera`: exactly the contract's channels.
import type { EventChannel, Events, InvokeHandlers } from './contract';

export interface PreloadApi {
  invoke: InvokeHandlers;
  on<E extends EventChannel>(event: E, listener: (...args: Events[E]) => void): () => void;
}

export const preloadGlobalName = 'tessera';
