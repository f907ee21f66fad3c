// The desktop shell's origin and Content Security Policy (shared with the web shell).
import { contentSecurityPolicy } from '../shared/content-security-policy';

export const appScheme = 'app';
export const appHost = 'tessera';
export const appOrigin = `${appScheme}://${appHost}`;

export const electronCsp = contentSecurityPolicy();
