// The preload (sandboxed, context-isolated): exposes exactly the contract's channels on
// window.tessera, and the contract's events. Nothing else of ipcRenderer leaks.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  eventChannels,
  invokeChannels,
  type EventChannel,
  type Events,
  type InvokeHandlers,
} from '../../core/ipc/contract';
import { preloadGlobalName, type PreloadApi } from '../../core/ipc/preload-api';

export const buildPreloadApi = (
  ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>,
): PreloadApi => {
  const invoke = Object.fromEntries(
    invokeChannels.map((c) => [c, (payload: unknown) => ipc.invoke(c, payload)]),
  ) as unknown as InvokeHandlers;
  return {
    invoke,
    on: <E extends EventChannel>(event: E, listener: (...args: Events[E]) => void) => {
      if (!(eventChannels as readonly string[]).includes(event))
        throw new Error(`Unknown event ${String(event)}.`);
      const wrapped = (_e: IpcRendererEvent, ...args: unknown[]) =>
        listener(...(args as Events[E]));
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
  };
};

contextBridge.exposeInMainWorld(preloadGlobalName, buildPreloadApi(ipcRenderer));
