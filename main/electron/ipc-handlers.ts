// Electron IPC: one ipcMain.handle per contract channel; each call checks the sender frame
// (our app origin, our window's main frame) and validates the payload with the contract's schema.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { invokeChannels, type InvokeHandlers } from '../../core/ipc/contract';
import { validatePayload } from '../../core/ipc/contract.schemas';
import { appOrigin } from './csp';

export const isTrustedSender = (event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean => {
  const frame = event.senderFrame;
  if (!frame) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  return `${url.protocol}//${url.host}` === appOrigin && frame.parent === null;
};

export const registerIpcHandlers = (
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: InvokeHandlers,
): (() => void) => {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event))
        throw new Error(`Refused ${channel}: the request did not come from Tessera's window.`);
      const v = validatePayload(channel, payload);
      if (!v.ok) throw new Error(v.message);
      const handler = handlers[channel] as (p: unknown) => Promise<unknown>;
      return handler(v.payload);
    });
  }
  return () => {
    for (const channel of invokeChannels) ipcMain.removeHandler(channel);
  };
};
