// What trust is granted to: the sha256 of one node's code together with the node's id, so that
// changing a single character (or moving the code to another node) needs a new grant.
import { createHash } from 'node:crypto';

export const customCodeHash = (trustId: string, code: string): string =>
  createHash('sha256').update(`tessera custom code 1\0${trustId}\0${code}`, 'utf8').digest('hex');
