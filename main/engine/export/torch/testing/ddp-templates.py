"""Data-parallel training of several exports in one torchrun (torch-ddp-templates.test.ts).

Run under `python3 -m tessera_torch.launch --standalone --nproc_per_node=2 ddp-templates.py JOBS`;
JOBS is a JSON list of {dir, mnist, steps}. One gloo process group serves every job; each job
builds its model with the project's seed on every rank and trains `steps` steps with train.py's
loop (DistributedDataParallel, per-rank batches). Rank 0 prints one JSON line per job with the
per-step losses (averaged over ranks) and the world size.
"""
import argparse
import contextlib
import importlib.util
import io
import json
import sys

import torch
import torch.distributed as dist

torch.set_num_threads(1)
dist.init_process_group("gloo")
rank = dist.get_rank()

for index, job in enumerate(json.load(open(sys.argv[1]))):
    sys.path.insert(0, job["dir"])
    sys.modules.pop("model", None)
    spec = importlib.util.spec_from_file_location(f"train_{index}", job["dir"] + "/train.py")
    train_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_py)
    model_py = sys.modules["model"]
    sys.path.remove(job["dir"])
    from tessera_torch.trainer import add_arguments, train

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--mnist-dir", job["mnist"], "--steps", str(job["steps"]), "--out", "", "--log-every", "100000"])
    torch.manual_seed(train_py.CONFIG["seed"])
    with contextlib.redirect_stdout(io.StringIO()):
        summary = train(model_py.Model(), train_py.CONFIG, args)
    if rank == 0:
        print(json.dumps({"job": index, "world": summary["world"], "losses": summary["history"], "wall_s": summary["wall_s"]}), flush=True)

dist.destroy_process_group()
