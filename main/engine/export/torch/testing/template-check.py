"""Runs exported templates against the app (torch-templates.equivalence.test.ts), in one process.

argv[1]: a JSON list of jobs {dir, checkpoint, mnist, steps, seed}. For each: load the package's
model.py and train.py, start from the app checkpoint, evaluate every objective's method once
with a fresh sampler seeded like the app's (every value by 'node.port'), then train `steps` steps
from the same checkpoint as train.py does. Prints one JSON line per job.
"""
import argparse
import contextlib
import importlib.util
import io
import json
import sys
import time

import torch

torch.set_num_threads(1)


def load(job, index):
    sys.path.insert(0, job["dir"])
    sys.modules.pop("model", None)
    spec = importlib.util.spec_from_file_location(f"train_{index}", job["dir"] + "/train.py")
    train_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_py)
    model_py = sys.modules["model"]
    sys.path.remove(job["dir"])
    return model_py, train_py


def flat(v):
    if not torch.is_tensor(v):
        return None
    return [list(v.shape), v.detach().double().flatten().tolist()]


for index, job in enumerate(json.load(open(sys.argv[1]))):
    t0 = time.perf_counter()
    model_py, train_py = load(job, index)
    from tessera_torch.checkpoint import load_app_weights
    from tessera_torch.data import Sampler, dataset_dirs
    from tessera_torch.rng import Sfc32
    from tessera_torch.trainer import add_arguments, train

    config = train_py.CONFIG
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(
        ["--from-checkpoint", job["checkpoint"], "--mnist-dir", job["mnist"], "--steps", str(job["steps"]), "--out", "", "--log-every", "1000"]
    )
    dirs = dataset_dirs(args)
    forward = {}
    model = model_py.Model()
    load_app_weights(model, job["checkpoint"])
    for stage in config["stages"][:1]:
        for o in stage["objectives"]:
            sampler = Sampler(Sfc32(config["seed"]), config["batchSize"], dirs, torch.device("cpu"))
            values = getattr(model, o["loss"])(sampler)
            forward[o["name"]] = {k: flat(v) for k, v in values.items() if k != "__loss__" and flat(v) is not None}
    t1 = time.perf_counter()
    torch.manual_seed(config["seed"])
    with contextlib.redirect_stdout(io.StringIO()):
        summary = train(model_py.Model(), config, args)
    print(json.dumps({"job": index, "forward": forward, "losses": summary["history"],
                      "forward_s": round(t1 - t0, 2), "train_s": round(time.perf_counter() - t1, 2)}), flush=True)
