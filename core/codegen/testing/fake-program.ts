// Small hand-made IR programs for codegen tests: a toy "VQ-VAE-like" graph with one module
// used twice (shared and copy), a handle, two objectives and two stages.
import type { IRGraph, IRModule, IRNode, IRProgram } from '../../graph/ir';
import {
  defineNode,
  type AnyNodeDefinition,
  type NodeDefinition,
} from '../../node-contract/node-definition';
import type { ParamSpecs } from '../../node-contract/param-spec';
import type { PortSpec } from '../../node-contract/port-spec';
import {
  DOCUMENT_FORMAT,
  type TesseraDocument,
  type TrainingConfig,
} from '../../document/document.types';
import { tensorType } from '../../shapes/tensor-type';

const port = (name: string, kind: 'tensor' | 'model' = 'tensor'): PortSpec => ({ name, kind });

const fakeDef = (
  id: string,
  role: NodeDefinition['role'],
  inputs: string[],
  outputs: string[],
  extra: Partial<NodeDefinition<ParamSpecs>> = {},
): AnyNodeDefinition =>
  defineNode({
    id,
    version: 1,
    title: id,
    category: 'math',
    role,
    doc: id,
    inputs: inputs.map((p) => (p === 'model' ? port(p, 'model') : port(p))),
    outputs: outputs.map((p) => port(p)),
    params: {},
    inferShapes: () => ({ outputs: {}, diagnostics: [] }),
    build: () => ({ weights: {}, apply: () => ({}) }),
    emit: {
      layerModule: `fake/${id.split('/')[1]}/${id.split('/')[1]}.layer`,
      factory: `create${id.split('/')[1]!.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Layer`,
    },
    ...extra,
  });

export const fakeDefs = {
  data: fakeDef('fake/data', 'dataset', [], ['image']),
  dense: fakeDef('fake/dense', 'layer', ['x'], ['y'], {
    paper: { citation: 'Rosenblatt (1958)', equation: 'Eq. (1): y = Wx + b' },
  }),
  mse: fakeDef('fake/mse', 'loss', ['prediction', 'target'], ['loss']),
  sampler: fakeDef('fake/sampler', 'sampler', ['model'], ['samples']),
  adam: fakeDef('fake/adam', 'optimizer', ['loss'], []),
  instance: defineNode({ ...fakeDef('module/instance', 'layer', [], []), emit: undefined }),
  input: defineNode({ ...fakeDef('module/input', 'module-io', [], ['value']), emit: undefined }),
  output: defineNode({ ...fakeDef('module/output', 'module-io', ['value'], []), emit: undefined }),
  handle: defineNode({ ...fakeDef('module/handle', 'layer', [], ['model']), emit: undefined }),
};

export const node = (
  id: string,
  def: AnyNodeDefinition,
  inputs: Record<string, string> = {},
  params: IRNode['params'] = {},
  label = '',
): IRNode => ({
  id,
  type: def.id,
  label,
  def,
  params,
  inputs: Object.fromEntries(
    Object.entries(inputs).map(([p, ref]) => [
      p,
      { node: ref.split('.')[0]!, port: ref.split('.')[1]! },
    ]),
  ),
  inputTypes: Object.fromEntries(
    Object.keys(inputs).map((p) => [p, tensorType('float32', ['B', 4])]),
  ),
  outputTypes: Object.fromEntries(
    def.outputs.map((p) => [p.name, tensorType('float32', ['B', 4])]),
  ),
});

const graph = (id: string, nodes: IRNode[]): IRGraph => ({
  id,
  nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
  order: nodes.map((n) => n.id),
});

export interface FakeLabels {
  nodes: Record<string, string>;
  module: string;
  objectives: [string, string];
  project: string;
}

export const plainLabels: FakeLabels = {
  nodes: {},
  module: 'Block',
  objectives: ['Reconstruction', 'Copy'],
  project: 'Toy',
};

export const fakeProgram = (labels: FakeLabels = plainLabels): IRProgram => {
  const l = (id: string): string => labels.nodes[id] ?? '';
  const d = fakeDefs;
  const block: IRModule = {
    ...graph('block', [
      node('in', d.input, {}, { name: 'x' }, l('in')),
      node('fc1', d.dense, { x: 'in.value' }, { units: 4 }, l('fc1')),
      node('fc2', d.dense, { x: 'fc1.y' }, { units: 4, note: labels.project }, l('fc2')),
      node('outp', d.output, { value: 'fc2.y' }, { name: 'y' }, l('outp')),
    ]),
    name: labels.module,
    inputNodes: { x: 'in' },
    outputNodes: { y: 'outp' },
  };
  const top = graph('', [
    node('data', d.data, {}, { dataset: 'mnist' }, l('data')),
    node('enc', d.instance, { x: 'data.image' }, { module: 'block', weights: 'shared' }, l('enc')),
    node('dec', d.instance, { x: 'enc.y' }, { module: 'block', weights: 'copy' }, l('dec')),
    node(
      'ema',
      d.instance,
      { x: 'enc.y' },
      { module: 'block', weights: 'ema', emaDecay: 0.99 },
      l('ema'),
    ),
    node('head', d.dense, { x: 'dec.y' }, { units: 4 }, l('head')),
    node('rec', d.mse, { prediction: 'head.y', target: 'data.image' }, {}, l('rec')),
    node('cp', d.mse, { prediction: 'ema.y', target: 'enc.y' }, {}, l('cp')),
    node('h', d.handle, {}, { module: 'block' }, l('h')),
    node('samp', d.sampler, { model: 'h.model' }, { steps: 3 }, l('samp')),
    node('opt1', d.adam, { loss: 'rec.loss' }, { lr: 0.01 }, l('opt1')),
    node('opt2', d.adam, { loss: 'cp.loss' }, { lr: 0.001 }, l('opt2')),
  ]);
  const training: TrainingConfig = {
    seed: 7,
    batchSize: 4,
    checkpointEvery: 0,
    stages: [
      {
        id: 's1',
        name: 'Stage one',
        steps: 5,
        objectives: [
          {
            id: 'o1',
            name: labels.objectives[0],
            optimizer: 'opt1',
            updates: ['block', 'dec', 'head'],
            every: 1,
            from: 0,
            clipGradNorm: 1,
          },
        ],
      },
      {
        id: 's2',
        name: 'Stage two',
        steps: 3,
        frozen: ['block'],
        objectives: [
          {
            id: 'o2',
            name: labels.objectives[1],
            optimizer: 'opt2',
            updates: ['block', 'head'],
            every: 2,
            from: 1,
            clipGradNorm: 0,
          },
        ],
      },
    ],
  };
  return { graph: top, modules: { block }, training, previews: [], diagnostics: [] };
};

export const fakeDocument = (name = 'Toy'): TesseraDocument => ({
  format: DOCUMENT_FORMAT,
  formatVersion: 1,
  appVersion: '0.1.0',
  name,
  nodes: {},
  edges: {},
  modules: {},
  training: { seed: 7, batchSize: 4, stages: [], checkpointEvery: 0 },
  previews: {},
});
