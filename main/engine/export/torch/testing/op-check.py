"""Evaluates PyTorch forms on given inputs and weights (torch-forms.equivalence.test.ts).

argv[1]: a JSON file with a list of cases {module, weights, inputs, outputs}; prints one JSON
line per case with each output's shape and values.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F
from torch import nn

from tessera_torch import layers as L
from tessera_torch.checkpoint import _TO_TORCH

for case in json.load(open(sys.argv[1])):
    ns = {"torch": torch, "F": F, "nn": nn, "L": L, "math": math}
    for name, (shape, data) in case["inputs"].items():
        ns[name] = torch.tensor(data, dtype=torch.float32).reshape(shape)
    if case["module"]:
        layer = eval(case["module"], ns)
        params = dict(layer.named_parameters())
        with torch.no_grad():
            for param, (layout, shape, data) in case["weights"].items():
                v = torch.tensor(data, dtype=torch.float32).reshape(shape)
                perm = _TO_TORCH[layout]
                params[param].copy_(v.permute(*perm) if perm else v)
        ns["layer"] = layer
    with torch.no_grad():
        out = {p: eval(expr, ns) for p, expr in case["outputs"].items()}
    print(json.dumps({p: [list(v.shape), v.flatten().tolist()] for p, v in out.items()}), flush=True)
