// The first loss connected to an optimizer in a project with no stages creates a default stage
// with one objective (as Keras's compile/fit): that optimizer minimises that loss and updates
// every weight of the project ('*', so layers added later train too), so a hand-built graph
// trains from the Training panel without a stages editor.
import type { Draft } from 'immer';
import {
  UPDATES_ALL,
  type PortRef,
  type TesseraDocument,
} from '../../core/document/document.types';
import type { NodeRegistry } from '../../core/node-contract/node-definition';

export const DEFAULT_STAGE_STEPS = 1000;

/** Whether connecting into `target` (on the top level) should create the default stage. */
export const wantsDefaultStage = (
  doc: TesseraDocument,
  registry: NodeRegistry,
  target: PortRef,
  scope: string,
): boolean => {
  if (scope !== '' || target.port !== 'loss' || doc.training.stages.length > 0) return false;
  const n = doc.nodes[target.node];
  return !!n && registry.get(n.type)?.role === 'optimizer';
};

/** Adds the default stage for `optimizer`, whose loss input is fed by `loss`. */
export const addDefaultStage =
  (registry: NodeRegistry, optimizer: string, loss: PortRef) =>
  (d: Draft<TesseraDocument>): void => {
    if (d.training.stages.length > 0) return;
    const updates = [UPDATES_ALL];
    const lossNode = d.nodes[loss.node];
    const name = lossNode?.label || (lossNode && registry.get(lossNode.type)?.title) || 'Objective';
    d.training.stages.push({
      id: 'train',
      name: 'Train',
      steps: DEFAULT_STAGE_STEPS,
      objectives: [
        { id: 'objective', name, optimizer, updates, every: 1, from: 0, clipGradNorm: 0 },
      ],
    });
  };
