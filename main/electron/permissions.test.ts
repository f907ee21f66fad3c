import { describe, it, expect } from 'vitest';
import { denyAllPermissions, type PermissionSession } from './permissions';

// A stand-in session (the binary is absent here) that keeps the handlers the app sets.
const fakeSession = () => {
  const set: {
    request?: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void;
    check?: (...args: unknown[]) => boolean;
    device?: (...args: unknown[]) => boolean;
  } = {};
  const session = {
    setPermissionRequestHandler: (h: typeof set.request) => (set.request = h),
    setPermissionCheckHandler: (h: typeof set.check) => (set.check = h),
    setDevicePermissionHandler: (h: typeof set.device) => (set.device = h),
  } as unknown as PermissionSession;
  return { session, set };
};

const permissions = [
  'media',
  'notifications',
  'geolocation',
  'midi',
  'midiSysex',
  'pointerLock',
  'fullscreen',
  'openExternal',
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'window-management',
  'unknown',
];

describe('permission handlers', () => {
  it('deny every permission request, check and device request', () => {
    const { session, set } = fakeSession();
    denyAllPermissions(session);
    for (const p of permissions) {
      const answers: boolean[] = [];
      set.request!({ getURL: () => 'app://tessera/index.html' }, p, (g) => answers.push(g));
      expect(answers, p).toEqual([false]);
      expect(set.check!({}, p, 'app://tessera', {}), p).toBe(false);
    }
    expect(set.device!({ deviceType: 'usb', origin: 'app://tessera' })).toBe(false);
  });
});
