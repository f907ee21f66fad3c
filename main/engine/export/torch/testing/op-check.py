"""Evaluates PyTorch forms on given inputs and weights (torch-forms.equivalence.test.ts).

argv[1]: a JSON file with a list of cases {module, weights, inputs, outputs}; prints one JSON
line per case with each output's shape and values, and the gradients of sum(y * r).
"""
import json
import math
import sys

import torch
import torch.nn.functional as F
from torch import nn

from tessera_torch import autoregressive as AR
from tessera_torch import detection as D
from tessera_torch import diffusion as DF
from tessera_torch import gan as G
from tessera_torch import layers as L
from tessera_torch import sequence as S
from tessera_torch import ssl as SSL
from tessera_torch import text as TX
from tessera_torch import vq as VQ
from tessera_torch import vqgan as VG
from tessera_torch.checkpoint import _TO_APP, _TO_TORCH
from tessera_torch.data import Sampler
from tessera_torch.rng import Sfc32


class _Self:
    training = True  # forms read self.training (dropout) in the model's methods


for case in json.load(open(sys.argv[1])):
    # The app's ApplyContext: rng createRng(1), the case's batch size.
    sampler = Sampler(Sfc32(1), case["batch"], {}, torch.device("cpu"))
    ns = {"torch": torch, "F": F, "nn": nn, "L": L, "AR": AR, "D": D, "DF": DF, "G": G, "S": S, "SSL": SSL, "TX": TX, "VQ": VQ, "VG": VG, "math": math, "sampler": sampler, "self": _Self()}
    for name, (shape, data) in case["inputs"].items():
        if name in case["ints"]:
            ns[name] = torch.tensor(data, dtype=torch.int64).reshape(shape)
        else:
            ns[name] = torch.tensor(data, dtype=torch.float32).reshape(shape).requires_grad_(True)
    if case["module"]:
        layer = eval(case["module"], ns)
        params = dict(layer.named_parameters())
        with torch.no_grad():
            for param, (layout, shape, data) in case["weights"].items():
                v = torch.tensor(data, dtype=torch.float32).reshape(shape)
                perm = _TO_TORCH[layout]
                params[param].copy_(v.permute(*perm) if perm else v)
        ns["layer"] = layer
    if case["tuple"]:
        ns["_tuple"] = eval(case["tuple"], ns)
    out = {p: eval(expr, ns) for p, expr in case["outputs"].items()}
    # Gradients of sum(y * r) w.r.t. inputs and weights (weights' in the app's layout).
    total = sum((v * torch.tensor(case["cotangents"][p]).reshape(v.shape)).sum() for p, v in out.items() if p in case["cotangents"])
    if torch.is_tensor(total) and total.requires_grad:  # not when every output is cut off (stop-gradient)
        total.backward()
    report = {p: [list(v.shape), v.detach().double().flatten().tolist()] for p, v in out.items()}
    for name in case["inputs"]:
        if name in case["ints"]:
            continue
        g = ns[name].grad
        report["grad:" + name] = [list(ns[name].shape), (g if g is not None else torch.zeros_like(ns[name])).flatten().tolist()]
    if case["module"]:
        params = dict(ns["layer"].named_parameters())
        for param, (layout, shape, _) in case["weights"].items():
            g = params[param].grad
            if g is None:
                g = torch.zeros_like(params[param])
            perm = _TO_APP[layout]
            g = g.permute(*perm) if perm else g
            report["grad:" + param] = [list(g.shape), g.flatten().tolist()]
    print(json.dumps(report), flush=True)
