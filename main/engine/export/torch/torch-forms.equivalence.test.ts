// Every PyTorch op form computes what its node's layer computes: each case builds the app layer
// (tfjs, cpu backend) on fixed inputs, evaluates the form's generated Python on the same inputs
// and weights, and compares shapes and values (1e-4 absolute, scaled by the value's size), and
// the gradients of sum(y * r) for fixed r w.r.t. every input and weight (what training uses).
// Sources (datasets, noise) draw random values and are checked end to end instead
// (torch-equivalence.test.ts: the app's batches; noise values differ by design).
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../../backend/select-backend';
import { createDataProvider } from '../../data/data-provider';
import { createRng } from '../../train/rng';
import { nodeRegistry } from '../../../../nodes/registry';
import { withDefaults } from '../../../../core/node-contract/param-spec';
import type { IRNode } from '../../../../core/graph/ir';
import type { Tensor, Variable } from '../../../../core/node-contract/node-definition';
import { tensorType, type TensorType } from '../../../../core/shapes/tensor-type';
import { torchForms } from './torch-forms';
import type { TorchFormContext } from './torch-form';
import { exportTorchToTemp, runPython } from './testing/torch-python';
import { loadTemplate } from '../../testing/engine-fixtures';
import { PRIMITIVE_CASES } from './testing/op-cases';
import { FAMILY_CASES } from './testing/op-cases-families';

const CASES = [...PRIMITIVE_CASES, ...FAMILY_CASES];
/**
 * Op forms checked elsewhere: the datasets (the app's batches and streams, in the template tests), the
 * gradient penalty (it calls a critic module: wgan-gp in torch-templates.equivalence.test.ts)
 * and the module nodes, which emit-graph.ts writes (every template with modules there).
 */
const CHECKED_BY_TEMPLATES = [
  'data/mnist',
  'data/fashion-mnist',
  'data/text-file',
  'data/action-streams',
  'detection/shapes-dataset',
  'gan/gradient-penalty',
  'module/input',
  'module/output',
  'module/instance',
  'module/handle',
];

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'cpu' })).tf;
});

const values = (shape: number[], seed: number, unit: boolean): number[] => {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, () => (unit ? rng.next() : rng.next() * 4 - 2));
};

describe('PyTorch op forms against the app layers', () => {
  it(`agree on ${CASES.length} cases (values and gradients) covering every op form but the datasets, the gradient penalty and module nodes`, async () => {
    const cases = [];
    const expected: Record<string, { shape: number[]; data: number[] }>[] = [];
    for (const [i, c] of CASES.entries()) {
      const def = nodeRegistry.get(c.type)!;
      const params = withDefaults(def.params, c.params ?? {});
      const types: Record<string, TensorType> = Object.fromEntries(
        Object.entries(c.inputs).map(([p, s]) => [
          p,
          tensorType(c.ints?.[p] ? 'int32' : 'float32', c.types?.[p] ?? s),
        ]),
      );
      const data = Object.fromEntries(
        Object.entries(c.inputs).map(([p, s], j) => [
          p,
          c.data?.[p] ??
            (c.ints?.[p]
              ? values(s, 100 * i + j, true).map((v) => Math.floor(v * c.ints![p]!))
              : values(s, 100 * i + j, c.unit?.includes(p) ?? false)),
        ]),
      );
      const layer = await def.build(tf, params as never, {
        nodeId: 'n',
        inputs: types,
        outputs: {},
        seed: 11 + i,
        data: createDataProvider(),
      });
      const inputVars = Object.fromEntries(
        Object.entries(c.inputs).map(([p, s]) => [
          p,
          c.ints?.[p]
            ? (tf.tensor(data[p]!, s, 'int32') as Tensor)
            : (tf.variable(tf.tensor(data[p]!, s), true, `op_case_${i}_${p}`) as Tensor),
        ]),
      );
      const batch = c.batch ?? c.inputs['x']?.[0] ?? 1;
      // Each apply gets a fresh RNG seeded 1, so random forms draw the same values every time.
      const actx = () => ({
        training: true,
        step: 0,
        batchSize: batch,
        split: 'train' as const,
        rng: createRng(1),
        handles: {},
      });
      // Declared outputs too: lazy ones (attention maps) are not enumerable but are read by name.
      const withLazy = (o: Record<string, Tensor>): Record<string, Tensor> =>
        Object.fromEntries(
          [...new Set([...Object.keys(o), ...def.outputs.map((p) => p.name)])]
            .filter((p) => o[p] !== undefined)
            .map((p) => [p, o[p]!]),
        );
      const out = withLazy(layer.apply(inputVars, actx()));
      // Gradients of sum(y * r) for fixed cotangents r, w.r.t. every input and weight.
      // Integer outputs (indices) carry no gradient: no cotangent.
      const cot = Object.fromEntries(
        Object.entries(out)
          .filter(([p, t]) => t.dtype === 'float32' && !c.noGrad?.includes(p))
          .map(([p, t], k) => [p, values([...t.shape], 7000 + 10 * i + k, false)]),
      );
      const floatInputs = Object.entries(inputVars).filter(([p]) => !c.ints?.[p]);
      const vars = [
        ...floatInputs.map(([, v]) => v),
        ...Object.values(layer.weights),
      ] as Variable[];
      const { grads } =
        vars.length === 0 || Object.keys(cot).length === 0
          ? { grads: {} as Record<string, Tensor> }
          : tf.variableGrads(
              () =>
                tf.addN(
                  Object.entries(withLazy(layer.apply(inputVars, actx())))
                    .filter(([p]) => cot[p] !== undefined)
                    .map(([p, t]) => tf.sum(tf.mul(t, tf.tensor(cot[p]!, t.shape)))),
                ) as tfjs.Scalar,
              vars,
            );
      const gradOf = (v: Tensor): { shape: number[]; data: number[] } => {
        const g = grads[(v as Variable).name];
        return {
          shape: [...v.shape],
          data: g ? [...g.dataSync()] : new Array<number>(v.size).fill(0),
        };
      };
      const want: Record<string, { shape: number[]; data: number[] }> = Object.fromEntries(
        Object.entries(out).map(([p, t]) => [p, { shape: [...t.shape], data: [...t.dataSync()] }]),
      );
      for (const [p, v] of floatInputs) want[`grad:in_${p}`] = gradOf(v);
      expected.push(want);
      const form = torchForms[c.type]!;
      if (form.kind !== 'op') throw new Error(`${c.type} has no op form`);
      const node = {
        id: 'n',
        type: c.type,
        label: c.type,
        def,
        params,
        inputs: {},
        inputTypes: types,
        outputTypes: {},
      } as IRNode;
      const ctx: TorchFormContext = {
        node,
        self: 'layer',
        input: (p) => types[p],
        value: (p) => types[p],
      };
      const fwd = form.forward(
        Object.fromEntries(Object.keys(c.inputs).map((p) => [p, `in_${p}`])),
        ctx,
      );
      // A tuple form is called once, as the model calls it (the adaptive weight's backward needs
      // both of its image outputs from one call), and checked port by port: element k of the tuple.
      const outputs =
        'outputs' in fwd
          ? fwd.outputs
          : Object.fromEntries(fwd.ports.map((p, k) => [p, `_tuple[${k}]`]));
      const l = form.layer?.(ctx);
      cases.push({
        module: l?.module ?? null,
        weights: Object.fromEntries(
          Object.entries(l?.weights ?? {}).map(([w, { param, layout }]) => {
            const t = layer.weights[w]!;
            return [param, [layout, [...t.shape], [...t.dataSync()]]];
          }),
        ),
        inputs: Object.fromEntries(
          Object.entries(c.inputs).map(([p, s]) => [`in_${p}`, [s, data[p]]]),
        ),
        tuple: 'tuple' in fwd ? fwd.tuple : null,
        outputs,
        cotangents: Object.fromEntries(Object.entries(cot).map(([p, r]) => [p, r])),
        ints: Object.keys(c.ints ?? {}).map((p) => `in_${p}`),
        batch,
      });
      for (const [w, { param }] of Object.entries(l?.weights ?? {}))
        want[`grad:${param}`] = gradOf(layer.weights[w]!);
      tf.dispose(Object.values(inputVars));
      layer.dispose?.();
    }
    const dir = await exportTorchToTemp(loadTemplate('conv-autoencoder'));
    copyFileSync(
      path.join(import.meta.dirname, 'testing', 'op-check.py'),
      path.join(dir, 'op-check.py'),
    );
    writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(cases));
    const run = await runPython(['op-check.py', 'cases.json'], dir);
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(run.json.length).toBe(CASES.length);
    const problems: string[] = [];
    run.json.forEach((got, i) => {
      const c = CASES[i]!;
      const label = `${c.type} ${JSON.stringify(c.params ?? {})}`;
      for (const [port, want] of Object.entries(expected[i]!)) {
        const [shape, data] = (got[port] ?? [[], []]) as [number[], number[]];
        if (JSON.stringify(shape) !== JSON.stringify(want.shape))
          problems.push(
            `${label}.${port}: shape ${JSON.stringify(shape)}, app ${JSON.stringify(want.shape)}`,
          );
        else {
          const worst = Math.max(
            0,
            ...data.map((v, k) => Math.abs(v - want.data[k]!) / (1 + Math.abs(want.data[k]!))),
          );
          if (c.appGradWrong?.port === port) {
            if (!(worst > 1e-3))
              problems.push(`${label}.${port}: now agrees (${c.appGradWrong.why})`);
          } else if (!(worst < 1e-4)) problems.push(`${label}.${port}: differs by ${worst}`);
        }
      }
    });
    expect(problems).toEqual([]);
    // Every op form that does not draw random values is covered by a case here.
    const covered = new Set(CASES.map((c) => c.type));
    const uncovered = Object.entries(torchForms)
      .filter(([t, f]) => f.kind === 'op' && !CHECKED_BY_TEMPLATES.includes(t) && !covered.has(t))
      .map(([t]) => t);
    expect(uncovered).toEqual([]);
  }, 120_000);
});
