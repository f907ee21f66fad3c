// A stand-in for Electron's webContents (the binary is absent here): records the listeners and
// the window-open handler that the app registers, and fires events the way Electron does.
import { EventEmitter } from 'node:events';

type WindowOpenHandler = (details: { url: string }) => { action: string };

export interface FiredEvent {
  prevented: boolean;
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | undefined;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** Fires `name` with a preventable event first, then the rest of Electron's arguments. */
  fire(name: string, extra: Record<string, unknown>, ...args: unknown[]): FiredEvent {
    const fired = { prevented: false };
    const event = { ...extra, preventDefault: () => (fired.prevented = true) };
    this.emit(name, event, ...args);
    return fired;
  }

  openWindow(url: string): { action: string } {
    if (!this.windowOpenHandler) throw new Error('No window open handler was set.');
    return this.windowOpenHandler({ url });
  }
}
