// The small runtime an exported program stands on: backend selection, building layers with
// the app's seeds, the trainer's update step (same RNG, same order), checkpoints, loss log.
// It is shipped inside the export's support folder with the files it imports.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { ApplyContext, BuildContext, DataProvider, ModelHandle, NodeLayer, Tensor } from '../../../../core/node-contract/node-definition';
import type { ValueType } from '../../../../core/shapes/tensor-type';
import type { BackendInfo } from '../../../../core/ipc/training-messages';
import { initBackend } from '../../backend/select-backend';
import { parseRuntimeArgs, type RuntimeArgs } from './runtime-args';
import { createRng, type SeededRng } from '../../train/rng';
import { deriveSeed } from '../../build/seeds';
import { createDataProvider } from '../../data/data-provider';
import { isOptimizerLayer, type OptimizerLayer } from '../../../../nodes/optimize/optimizer/optimizer.layer';
import { isObjectiveDue } from './trainer-pieces';
import { loadWeights, saveWeights } from './weights-io';

type TF = typeof tfjs;

export interface Objective<M> {
  name: string;
  loss: (m: M, ctx: ApplyContext) => Tensor;
  optimizer: OptimizerLayer;
  /** The layers whose weights this objective updates. */
  layers: NodeLayer[];
  every: number;
  from: number;
  clipGradNorm: number;
}

export interface Stage<M> {
  name: string;
  steps: number;
  objectives: Objective<M>[];
}

export interface LayerSpec<P> {
  nodeId: string;
  /** Weight names are prefix + nodeId + '/' + weight ('' top level, 'moduleId/' shared, 'instanceId/' copies). */
  prefix: string;
  /** The initialisers' seed comes from the project seed and seedPath + nodeId. */
  seedPath: string;
  params: P;
  inputs: Record<string, ValueType | undefined>;
  outputs: Record<string, ValueType>;
}

export type LayerFactory<P> = (tf: TF, params: P, ctx: BuildContext) => NodeLayer | Promise<NodeLayer>;

export interface RuntimeConfig {
  project: string;
  seed: number;
  batchSize: number;
  checkpointEvery: number;
  argv: readonly string[];
  /** Tests pass a data provider; the program uses the datasets Tessera reads. */
  data?: DataProvider;
}

export interface StepRecord {
  stage: number;
  step: number;
  losses: Record<string, number>;
}

/** An output port of a node's results; a missing one is a bug in the graph, reported by name. */
export const out = (outputs: Record<string, Tensor>, port: string): Tensor => {
  const t = outputs[port];
  if (t === undefined) throw new Error(`No output "${port}" (have: ${Object.keys(outputs).join(', ') || 'none'}).`);
  return t;
};

/** A module as a callable value on a 'model' edge. */
export const handleOf = (moduleId: string, module: { forward(i: Record<string, Tensor>, c: ApplyContext): Record<string, Tensor> }): ModelHandle => ({
  moduleId,
  call: (inputs, ctx) => module.forward(inputs, ctx),
});

export type Runtime = Awaited<ReturnType<typeof createRuntime>>;

export const createRuntime = async (tf: TF, config: RuntimeConfig) => {
  const args: RuntimeArgs = parseRuntimeArgs(config.argv, `${config.project.replace(/[^A-Za-z0-9._-]+/g, '-') || 'model'}-run`);
  const backend: BackendInfo = (await initBackend({ backend: args.backend })).info;
  const log = (line: string): void => {
    if (!args.quiet) process.stdout.write(line + '\n');
  };
  log(`backend: ${backend.name} (${backend.reason})`);

  const rng: SeededRng = createRng(config.seed);
  const data = config.data ?? createDataProvider();
  const layerPaths = new Map<NodeLayer, string>();
  const emas: { target: NodeLayer[]; source: NodeLayer[]; decay: number }[] = [];
  const history: StepRecord[] = [];
  let step = 0;
  let stageIndex = 0;

  /** Every weight and state variable, named 'path/of/node/weightKey'. */
  const namedVariables = (layers: readonly NodeLayer[], withState = true): Record<string, tfjs.Variable> => {
    const named: Record<string, tfjs.Variable> = {};
    for (const layer of layers) {
      const p = layerPaths.get(layer) ?? 'unknown';
      if (isOptimizerLayer(layer)) continue;
      for (const [k, v] of Object.entries(layer.weights)) named[`${p}/${k}`] = v;
      if (withState) for (const [k, v] of Object.entries(layer.state ?? {})) named[`${p}/state/${k}`] = v;
    }
    return named;
  };

  const context = (): ApplyContext => ({ training: true, step, batchSize: config.batchSize, split: 'train', rng, handles: {} });

  const checkpoint = async (layers: readonly NodeLayer[], name: string): Promise<void> => {
    const dir = path.join(args.out, name);
    await saveWeights(tf, dir, namedVariables(layers), { project: config.project, step, stage: stageIndex, rng: rng.getState(), backend: backend.name });
    log(`checkpoint: ${dir}`);
  };

  return {
    tf,
    backend,
    args,
    rng,
    history,

    async build<P>(factory: LayerFactory<P>, spec: LayerSpec<NoInfer<P>>): Promise<NodeLayer> {
      const { nodeId } = spec;
      const seed = deriveSeed(config.seed, `${spec.seedPath}${nodeId}`);
      const layer = await factory(tf, spec.params, { nodeId, inputs: spec.inputs, outputs: spec.outputs, seed, data });
      layerPaths.set(layer, `${spec.prefix}${nodeId}`);
      return layer;
    },

    /** The optimizer node's layer, which runs the update (Adam, AdamW, SGD, RMSprop) in tf ops. */
    optimizerOf(layer: NodeLayer): OptimizerLayer {
      if (!isOptimizerLayer(layer)) throw new Error('An objective names a node that is not an optimizer.');
      return layer;
    },

    /** An EMA shadow (built from the same seeds, so it starts equal) follows its source after every step. */
    trackEma(target: NodeLayer[], source: NodeLayer[], decay: number): void {
      emas.push({ target, source, decay });
    },

    async restore(layers: readonly NodeLayer[]): Promise<void> {
      if (args.resume === undefined) return;
      const { weights, meta } = await loadWeights(tf, args.resume);
      for (const [name, v] of Object.entries(namedVariables(layers))) {
        const t = weights[name];
        if (t === undefined) throw new Error(`Checkpoint ${args.resume} has no weight ${name}.`);
        v.assign(t);
      }
      tf.dispose(Object.values(weights));
      log(`resumed from ${args.resume} (step ${String(meta['step'])})`);
    },

    beginStage(index: number, stage: { name: string; steps: number }): void {
      stageIndex = index;
      log(`stage ${index + 1}: ${stage.name} (${stage.steps} steps)`);
    },

    running: (): boolean => args.steps === undefined || step < args.steps,

    isDue: (o: { every: number; from: number }, stepInStage: number): boolean => isObjectiveDue(o, stepInStage),

    /** One update: gradients of the objective's loss w.r.t. its own variables, clipped, applied. */
    minimize<M>(o: Objective<M>, loss: (ctx: ApplyContext) => Tensor): number {
      const weights = namedVariables(o.layers, false);
      const ctx = context();
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => {
          const l = loss(ctx);
          return (l.rank === 0 ? l : tf.mean(l)) as tfjs.Scalar;
        }, Object.values(weights));
        const byKey: Record<string, Tensor> = {};
        for (const [k, v] of Object.entries(weights)) if (grads[v.name]) byKey[k] = grads[v.name]!;
        o.optimizer.update(weights, byKey, o.clipGradNorm);
        const v = value.dataSync()[0] ?? NaN;
        if (!Number.isFinite(v)) throw new Error(`Objective "${o.name}" gave a non-finite loss at step ${step + 1}.`);
        return v;
      });
    },

    afterStep(layers: readonly NodeLayer[]): void {
      const ctx = context();
      for (const l of layers) l.afterStep?.(ctx);
      tf.tidy(() => {
        for (const e of emas) {
          const t = variablesInOrder(e.target);
          const s = variablesInOrder(e.source);
          t.forEach((v, i) => v.assign(tf.add(tf.mul(v, e.decay), tf.mul(s[i]!, 1 - e.decay))));
        }
      });
    },

    async endStep(index: number, stage: { name: string }, losses: Record<string, number>, layers: readonly NodeLayer[]): Promise<void> {
      step += 1;
      history.push({ stage: index, step, losses });
      log(`step ${step} [${stage.name}] ${Object.entries(losses).map(([k, v]) => `${k} ${v.toPrecision(5)}`).join('  ')}`);
      if (config.checkpointEvery > 0 && step % config.checkpointEvery === 0) await checkpoint(layers, `step-${step}`);
    },

    async finish(layers: readonly NodeLayer[]): Promise<void> {
      await checkpoint(layers, 'final');
      await mkdir(args.out, { recursive: true });
      await writeFile(path.join(args.out, 'losses.json'), JSON.stringify(history) + '\n');
      log(`done: ${step} steps; losses in ${path.join(args.out, 'losses.json')}`);
    },
  };
};

/** Variables of layers in build order (for EMA pairs, which have the same structure). */
const variablesInOrder = (layers: readonly NodeLayer[]): tfjs.Variable[] => layers.flatMap((l) => Object.values(l.weights));
