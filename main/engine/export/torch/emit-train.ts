// IR -> train.py: the training configuration as data (stages, objectives with every/from/
// clipping, the weights each updates and the stage's frozen ones, optimizers with their
// hyperparameters), then the loop of tessera_torch/trainer.py.
import type { IRProgram } from '../../../../core/graph/ir';
import type { ModelPlan } from './emit-model';
import { comment } from './python-names';
import { resolveAfterStep, resolveParams } from './resolve-updates';

/** JSON -> a Python literal, pretty-printed (strings stay JSON strings, which Python reads alike). */
export const pythonLiteral = (v: unknown): string =>
  JSON.stringify(v, null, 4)
    .replace(/"(?:[^"\\]|\\.)*"|\b(true|false|null)\b/g, (m, word: string | undefined) =>
      word === 'true' ? 'True' : word === 'false' ? 'False' : word === 'null' ? 'None' : m,
    )
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export const trainingConfig = (program: IRProgram, plan: ModelPlan, name: string): unknown => {
  const t = program.training;
  const optimizerIds = [...new Set(plan.objectives.map((o) => o.optimizer))].sort();
  const keys = [
    'algorithm',
    'lr',
    'beta1',
    'beta2',
    'epsilon',
    'momentum',
    'weightDecay',
    'clipGradNorm',
    'clipWeights',
  ];
  return {
    name,
    seed: t.seed,
    batchSize: t.batchSize,
    checkpointEvery: t.checkpointEvery,
    optimizers: Object.fromEntries(
      optimizerIds.map((id) => {
        const p = program.graph.nodes[id]?.params ?? {};
        return [id, Object.fromEntries(keys.map((k) => [k, p[k] ?? null]))];
      }),
    ),
    stages: t.stages.map((s) => ({
      name: s.name || s.id,
      steps: s.steps,
      frozen: resolveParams(plan, program, s.frozen ?? []),
      frozenLayers: resolveAfterStep(plan, program, s.frozen ?? []),
      objectives: s.objectives.flatMap((o) => {
        const p = plan.objectives.find((x) => x.id === o.id);
        if (!p) return [];
        return [
          {
            name: o.name || o.id,
            optimizer: o.optimizer,
            loss: p.method,
            params: resolveParams(plan, program, o.updates),
            afterStep: resolveAfterStep(plan, program, o.updates),
            every: o.every,
            from: o.from,
            clipGradNorm: o.clipGradNorm,
          },
        ];
      }),
    })),
  };
};

export const emitTrain = (program: IRProgram, plan: ModelPlan, name: string): string =>
  [
    '#!/usr/bin/env python3',
    `"""Train ${comment(name)} with PyTorch (exported from Tessera; see README.md).`,
    '',
    'One process:   python3 train.py --steps 100 --mnist-dir PATH',
    'Data-parallel: python3 -m torch.distributed.run --nproc_per_node=2 train.py --steps 100',
    '"""',
    'import argparse',
    '',
    'import torch',
    '',
    'from model import Model',
    'from tessera_torch.trainer import add_arguments, train',
    '',
    '# Stages run in order; each objective runs at stage-local step s when s >= from and',
    "# (s - from) % every == 0, updating `params` minus the stage's `frozen` with its optimizer;",
    '# then the `afterStep` layers of the objectives that ran (minus `frozenLayers`) fold their statistics.',
    `CONFIG = ${pythonLiteral(trainingConfig(program, plan, name))}`,
    '',
    '',
    'def main():',
    `    parser = argparse.ArgumentParser(description=${JSON.stringify(`Train ${comment(name)} (Tessera PyTorch export)`)})`,
    '    add_arguments(parser)',
    '    args = parser.parse_args()',
    '    torch.manual_seed(CONFIG["seed"])  # every process builds the same initial weights',
    '    train(Model(), CONFIG, args)',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
