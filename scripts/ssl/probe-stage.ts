// The linear-probe part shared by both SSL templates: a third instance of the shared encoder on the
// un-augmented, unmasked images, the Linear Probe on its features, its optimizer, and the stage
// that trains only the probe with the encoder frozen (the linear evaluation protocol).
import type { DocEdge, DocNode, Stage } from '../../core/document/document.types';
import { adam, call, e, n } from '../diffusion/doc-builders';

export const PROBE_LR = 0.002;

export const probeNodes = (col: number, row: number): DocNode[] => [
  n(
    'enc-probe',
    'module/instance',
    'Encoder (frozen, for the probe)',
    call('encoder', {}, 'shared'),
    col,
    row,
  ),
  n('probe', 'ssl/linear-probe', 'Linear Probe (10 classes)', { classes: 10 }, col + 1, row),
  n('adam-probe', 'optimize/optimizer', 'Adam (probe)', adam(PROBE_LR), col + 2, row),
];

export const probeEdges: DocEdge[] = [
  e('data.image', 'enc-probe.x'),
  e('enc-probe.h', 'probe.features'),
  e('data.label', 'probe.labels'),
  e('probe.loss', 'adam-probe.loss'),
];

export const probeStage = (steps: number, frozen: string[]): Stage => ({
  id: 'probe',
  name: 'Stage 2: linear probe (encoder frozen)',
  steps,
  frozen,
  objectives: [
    {
      id: 'probe',
      name: 'Linear probe',
      optimizer: 'adam-probe',
      updates: ['probe'],
      every: 1,
      from: 0,
      clipGradNorm: 0,
    },
  ],
});
