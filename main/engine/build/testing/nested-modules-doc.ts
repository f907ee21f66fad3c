// A small project with nested, parameterised modules, used by the engine and export tests.
import {
  edge,
  graphDoc,
  moduleOf,
  node,
  objective,
} from '../../../../core/graph/testing/doc-builder';
import type { TesseraDocument } from '../../../../core/document/document.types';

// Module "block" (param width): x -> conv encoder (one stride-2 level of `width` channels, out `width`).
// Module "stage" (param width): two blocks, own weights each; the second doubles the width.
// Top: noise -> stage(width=3) -> mse against a fixed-seed noise target, one Adam objective
// over the stage module.
export const nestedModulesDoc = (): TesseraDocument =>
  graphDoc(
    [
      node('noise', 'noise/gaussian', { dims: [8, 8, 1] }),
      node('st', 'module/instance', { module: 'stage', width: 3 }),
      node('target', 'noise/gaussian', { dims: [2, 2, 6] }),
      node('loss', 'loss/mse'),
      node('opt', 'optimize/optimizer', { lr: 0.02 }),
    ],
    [
      edge('noise.noise', 'st.x'),
      edge('st.y', 'loss.prediction'),
      edge('target.noise', 'loss.target'),
      edge('loss.loss', 'opt.loss'),
    ],
    {
      modules: {
        block: moduleOf(
          'block',
          [
            node('in', 'module/input', { name: 'x' }),
            node('enc', 'encode/conv-encoder', {
              widths: '=[width]',
              resBlocks: 0,
              outChannels: '=width',
            }),
            node('out', 'module/output', { name: 'y' }),
          ],
          [edge('in.value', 'enc.x'), edge('enc.z', 'out.value')],
          'Block',
          { width: { kind: 'int', default: 4, min: 1 } },
        ),
        stage: moduleOf(
          'stage',
          [
            node('in', 'module/input', { name: 'x' }),
            node('b1', 'module/instance', { module: 'block', width: '=width' }),
            node('b2', 'module/instance', { module: 'block', width: '=width * 2' }),
            node('out', 'module/output', { name: 'y' }),
          ],
          [edge('in.value', 'b1.x'), edge('b1.y', 'b2.x'), edge('b2.y', 'out.value')],
          'Stage',
          { width: { kind: 'int', default: 4, min: 1 } },
        ),
      },
      training: {
        seed: 5,
        batchSize: 2,
        checkpointEvery: 0,
        stages: [{ id: 's', name: 's', steps: 20, objectives: [objective('opt', ['stage'])] }],
      },
    },
  );
