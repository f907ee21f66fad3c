// The web shell's side of the contract: invokes over HTTP POST, events over a WebSocket.
// The token travels in an HttpOnly cookie set when the printed URL was opened.
import type { Bridge, EventChannel, Events, InvokeChannel } from '../../core/ipc/contract';

type Listener = (...args: unknown[]) => void;

export const createWebBridge = (): Bridge => {
  const listeners = new Map<string, Set<Listener>>();
  let retry = 250;
  const connect = (): void => {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${proto}://${location.host}/api/events`);
    ws.onopen = () => (retry = 250);
    ws.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { event: string; args: unknown[] };
      for (const l of listeners.get(msg.event) ?? []) l(...msg.args);
    };
    ws.onclose = () => {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  };
  connect();

  return {
    invoke: async (channel: InvokeChannel, ...payload: unknown[]) => {
      const res = await fetch(`/api/invoke/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ payload: payload[0] }),
      });
      const body = (await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }))) as {
        ok: boolean;
        result?: unknown;
        error?: string;
      };
      if (!body.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
      return body.result ?? undefined;
    },
    on: <E extends EventChannel>(event: E, listener: (...args: Events[E]) => void) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  } as Bridge;
};
