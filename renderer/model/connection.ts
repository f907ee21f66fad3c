// Validates a connection drawn on the canvas with the compiler's own rules (core/graph
// canConnect: cycles, kind / dtype / rank, a second producer into one input) before it
// becomes an edit.
import type { PortRef, TesseraDocument } from '../../core/document/document.types';
import { canConnect, type ConnectVerdict } from '../../core/graph/can-connect';
import type { NodeRegistry, ShapeEnv } from '../../core/node-contract/node-definition';

export type ConnectionVerdict = ConnectVerdict;

export const checkConnection = (
  doc: TesseraDocument,
  registry: NodeRegistry,
  env: ShapeEnv,
  source: PortRef,
  target: PortRef,
): ConnectionVerdict => canConnect(doc, registry, env, source, target);
