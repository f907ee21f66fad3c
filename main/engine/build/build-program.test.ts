import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { compileDocument } from '../../../core/graph/compile';
import { edge, graphDoc, moduleOf, node, objective } from '../../../core/graph/testing/doc-builder';
import { createRegistry, defineNode } from '../../../core/node-contract/node-definition';
import { allNodeDefinitions, nodeRegistry } from '../../../nodes/registry';
import { initBackend } from '../backend/select-backend';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { Trainer } from '../train/trainer';
import { buildProgram } from './build-program';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

// Module m: x -> conv encoder -> z. Instances: A and B shared, C a copy, E an EMA (decay 0.5).
// Objective: minimise mse(A.z, C.z) + 0 * B, updating the shared weights (through instance A) only.
const doc = () =>
  graphDoc(
    [
      node('noise', 'noise/gaussian', { dims: [8, 8, 1] }),
      node('A', 'module/instance', { module: 'm', weights: 'shared' }),
      node('B', 'module/instance', { module: 'm', weights: 'shared' }),
      node('C', 'module/instance', { module: 'm', weights: 'copy' }),
      node('E', 'module/instance', { module: 'm', weights: 'ema', emaDecay: 0.5 }),
      node('loss', 'loss/mse'),
      node('lossE', 'loss/mse'),
      node('sum', 'math/weighted-sum', { wa: 1, wb: 0 }),
      node('opt', 'optimize/optimizer', { lr: 0.01 }),
    ],
    [
      edge('noise.noise', 'A.x'),
      edge('noise.noise', 'B.x'),
      edge('noise.noise', 'C.x'),
      edge('noise.noise', 'E.x'),
      edge('A.z', 'loss.prediction'),
      edge('C.z', 'loss.target'),
      edge('B.z', 'lossE.prediction'),
      edge('E.z', 'lossE.target'),
      edge('loss.loss', 'sum.a'),
      edge('lossE.loss', 'sum.b'),
      edge('sum.sum', 'opt.loss'),
    ],
    {
      modules: {
        m: moduleOf(
          'm',
          [
            node('in', 'module/input', { name: 'x' }),
            node('enc', 'encode/conv-encoder', { widths: [4], resBlocks: 0, outChannels: 2 }),
            node('out', 'module/output', { name: 'z' }),
          ],
          [edge('in.value', 'enc.x'), edge('enc.z', 'out.value')],
        ),
      },
      training: {
        seed: 3,
        batchSize: 2,
        checkpointEvery: 0,
        stages: [{ id: 's', name: 's', steps: 3, objectives: [objective('opt', ['A'])] }],
      },
    },
  );

describe('buildProgram with modules', () => {
  it('shares weights between shared instances, gives copies their own, and moves EMA shadows', async () => {
    const r = compileDocument(doc(), nodeRegistry, createShapeEnv());
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const built = await buildProgram(tf, r.program!, { data: createDataProvider(), seed: 3 });
    expect(built.calls.get('A')).toBe(built.calls.get('B'));
    expect(built.calls.get('C')).not.toBe(built.calls.get('A'));
    const keys = [...built.weights().keys()].sort();
    // A module id names all of the module's weights: its shared set and every private copy.
    expect([...built.resolveWeights(['m']).keys()].sort()).toEqual(keys);
    expect([...built.resolveWeights(['A']).keys()].every((k) => k.startsWith('m/'))).toBe(true);
    expect(keys).toEqual([
      'C/enc/down0.bias',
      'C/enc/down0.kernel',
      'C/enc/out.bias',
      'C/enc/out.kernel',
      'm/enc/down0.bias',
      'm/enc/down0.kernel',
      'm/enc/out.bias',
      'm/enc/out.kernel',
    ]);
    expect([...built.state().keys()].filter((k) => k.startsWith('E/'))).toHaveLength(4);
    const val = (k: string, m: Map<string, tfjs.Variable>) => Array.from(m.get(k)!.dataSync());
    const w0 = built.weights();
    const s0 = built.state();
    // The EMA shadow starts equal to the shared weights; the copy has its own initialisation.
    expect(val('E/enc/down0.kernel', s0)).toEqual(val('m/enc/down0.kernel', w0));
    expect(val('C/enc/down0.kernel', w0)).not.toEqual(val('m/enc/down0.kernel', w0));
    const copyBefore = val('C/enc/down0.kernel', w0);
    const sharedBefore = val('m/enc/down0.kernel', w0);
    const t = new Trainer(built);
    expect(Object.keys(t.runStep().losses)).toHaveLength(1);
    const w1 = built.weights();
    const sharedAfter = val('m/enc/down0.kernel', w1);
    expect(sharedAfter).not.toEqual(sharedBefore);
    expect(val('C/enc/down0.kernel', w1)).toEqual(copyBefore); // not in `updates`
    const shadow = val('E/enc/down0.kernel', built.state());
    shadow.forEach((v, i) =>
      expect(v).toBeCloseTo(0.5 * sharedBefore[i]! + 0.5 * sharedAfter[i]!, 5),
    );
    built.dispose();
  });
});

// A control-flow node that calls the module on its 'model' port twice: y = f(f(x)).
const callTwice = defineNode({
  id: 'test/call-twice',
  version: 1,
  title: 'Call twice',
  category: 'sample',
  role: 'layer',
  doc: 'test node',
  inputs: [
    { name: 'model', kind: 'model' },
    { name: 'x', kind: 'tensor' },
  ],
  outputs: [{ name: 'y', kind: 'tensor' }],
  params: {},
  inferShapes: (ctx) => ({
    outputs: ctx.inputs.x ? { y: ctx.inputs.x } : ({} as Record<string, never>),
    diagnostics: [],
  }),
  build: () => ({
    weights: {},
    apply: (inputs, ctx) => {
      const f = ctx.handles.model!;
      return { y: f.call({ x: f.call({ x: inputs.x! }, ctx).y! }, ctx).y! };
    },
  }),
});

describe('model handles', () => {
  it('pass a module along an edge; calling it uses the shared weights', async () => {
    const registry = createRegistry([...allNodeDefinitions, callTwice]);
    const d = graphDoc(
      [
        node('noise', 'noise/gaussian', { dims: [3] }),
        node('h', 'module/handle', { module: 'double' }),
        node('twice', 'test/call-twice'),
      ],
      [edge('h.model', 'twice.model'), edge('noise.noise', 'twice.x')],
      {
        modules: {
          double: moduleOf(
            'double',
            [
              node('in', 'module/input', { name: 'x', shape: 'B, 3' }),
              node('sum', 'math/weighted-sum', { wa: 2 }),
              node('out', 'module/output', { name: 'y' }),
            ],
            [edge('in.value', 'sum.a'), edge('sum.sum', 'out.value')],
          ),
        },
        training: { seed: 1, batchSize: 2, checkpointEvery: 0, stages: [] },
      },
    );
    const r = compileDocument(d, registry, createShapeEnv());
    expect(r.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    const built = await buildProgram(tf, r.program!, { data: createDataProvider(), seed: 1 });
    const { evaluation } = await import('./evaluate');
    const { createRng } = await import('../train/rng');
    const ctx = {
      training: false,
      step: 0,
      batchSize: 2,
      split: 'test' as const,
      rng: createRng(4),
      handles: {},
    };
    tf.tidy(() => {
      const ev = evaluation(built, ctx);
      const x = Array.from(ev.output({ node: 'noise', port: 'noise' }).dataSync());
      const y = Array.from(ev.output({ node: 'twice', port: 'y' }).dataSync());
      y.forEach((v, i) => expect(v).toBeCloseTo(4 * x[i]!, 5));
    });
    built.dispose();
  });
});
