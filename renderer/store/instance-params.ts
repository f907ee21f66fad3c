// A Module Instance's values of its module's params: set one (setParam), or clear it so the
// instance takes the declared default again.
import type { Draft } from 'immer';
import type { TesseraDocument } from '../../core/document/document.types';
import { graphOf } from './commands';

export const resetInstanceParam =
  (nodeId: string, name: string, scope = '') =>
  (doc: Draft<TesseraDocument>): void => {
    const n = graphOf(doc, scope)?.nodes[nodeId];
    if (n && Object.prototype.hasOwnProperty.call(n.params, name)) delete n.params[name];
  };
