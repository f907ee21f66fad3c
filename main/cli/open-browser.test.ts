import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openCommand, openInBrowser, shouldOpen } from './open-browser';

const fakeSpawn = (behave: (child: EventEmitter) => void) => {
  const calls: { command: string; args: string[] }[] = [];
  const spawn = ((command: string, args: string[]) => {
    calls.push({ command, args });
    const child = Object.assign(new EventEmitter(), { unref: () => undefined });
    setTimeout(() => behave(child), 1);
    return child;
  }) as never;
  return { spawn, calls };
};

describe('openInBrowser', () => {
  it('uses xdg-open, open or start by platform', () => {
    expect(openCommand('http://x/?a=1&b=2', 'linux')).toEqual({
      command: 'xdg-open',
      args: ['http://x/?a=1&b=2'],
    });
    expect(openCommand('http://x/', 'darwin').command).toBe('open');
    expect(openCommand('http://x/?a&b', 'win32')).toEqual({
      command: 'cmd',
      args: ['/c', 'start', '""', 'http://x/?a^&b'],
    });
  });

  it('never fails: a missing opener or a failing one is a note, not an error', async () => {
    const warns: string[] = [];
    const missing = fakeSpawn((c) =>
      c.emit('error', Object.assign(new Error('spawn xdg-open ENOENT'), { code: 'ENOENT' })),
    );
    await expect(
      openInBrowser('http://x/', {
        platform: 'linux',
        spawn: missing.spawn,
        warn: (m) => warns.push(m),
      }),
    ).resolves.toBe(false);
    expect(warns[0]).toMatch(/Could not open a browser \(xdg-open: ENOENT\); open the URL above/);
    const failing = fakeSpawn((c) => c.emit('exit', 3));
    await expect(
      openInBrowser('http://x/', {
        platform: 'linux',
        spawn: failing.spawn,
        warn: (m) => warns.push(m),
      }),
    ).resolves.toBe(false);
    const throwing = (() => {
      throw new Error('EPERM');
    }) as never;
    await expect(
      openInBrowser('http://x/', { spawn: throwing, warn: () => undefined }),
    ).resolves.toBe(false);
    const ok = fakeSpawn((c) => c.emit('exit', 0));
    await expect(openInBrowser('http://x/', { platform: 'linux', spawn: ok.spawn })).resolves.toBe(
      true,
    );
    expect(ok.calls).toEqual([{ command: 'xdg-open', args: ['http://x/'] }]);
  });

  it('is off with --no-open or TESSERA_NO_OPEN=1', () => {
    expect(shouldOpen([], {})).toBe(true);
    expect(shouldOpen(['--no-open'], {})).toBe(false);
    expect(shouldOpen([], { TESSERA_NO_OPEN: '1' })).toBe(false);
    expect(shouldOpen([], { TESSERA_NO_OPEN: '0' })).toBe(true);
  });
});
