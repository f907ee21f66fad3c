// The app's own version and the first app version that reads each document format version.
import { CURRENT_FORMAT_VERSION } from './document.types';

export const APP_VERSION = '0.2.0';

/** formatVersion -> the first Tessera version that reads it. */
export const FIRST_APP_VERSION_FOR_FORMAT: Readonly<Record<number, string>> = {
  0: '0.0.1',
  1: '0.1.0',
  [CURRENT_FORMAT_VERSION]: '0.2.0',
};
