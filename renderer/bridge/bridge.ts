// Picks the transport: Electron's preload API when present, else the web bridge.
import type { Bridge } from '../../core/ipc/contract';
import { preloadGlobalName, type PreloadApi } from '../../core/ipc/preload-api';
import { createWebBridge } from './web-bridge';

const fromPreload = (api: PreloadApi): Bridge =>
  ({
    invoke: (channel: keyof PreloadApi['invoke'], ...payload: unknown[]) =>
      (api.invoke[channel] as (p: unknown) => Promise<unknown>)(payload[0]),
    on: api.on,
  }) as Bridge;

export const createBridge = (): Bridge => {
  const api = (globalThis as Record<string, unknown>)[preloadGlobalName] as PreloadApi | undefined;
  return api ? fromPreload(api) : createWebBridge();
};
