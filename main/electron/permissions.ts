// Permission requests (Electron's checklist item 5): Electron grants every request unless the
// app sets a handler. The studio needs none (no camera, microphone, notifications, geolocation,
// HID, serial or USB), so every request and every check is denied, for every session.
import type * as Electron from 'electron';

export type PermissionSession = Pick<
  Electron.Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

export const denyPermissionRequest = (
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void => callback(false);

export const denyPermissionCheck = (): boolean => false;

export const denyAllPermissions = (session: PermissionSession): void => {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.setDevicePermissionHandler(denyPermissionCheck);
};
