"""Checkpoints: the app's format (step-NNNNNN.json + .bin, main/engine/train/checkpoint.ts) in
and out, and PyTorch's own (torch.save) for resuming an exported run.

The app stores weights as 'weights/<set prefix><node>/<weight>' in tfjs layouts and non-trained
state (batch-norm running statistics, codebook usage, EMA shadows) as 'state/...'; the exported
model names each in its APP_WEIGHTS / APP_STATE tables with the layout to convert:
  dense            [cin, units]            <-> nn.Linear.weight [units, cin]
  conv2d           [k, k, cin, filters]    <-> nn.Conv2d.weight [filters, cin, k, k]
  conv-transpose2d [k, k, filters, cin]    <-> nn.ConvTranspose2d.weight [cin, filters, k, k]
  same             unchanged
"""
import json
import os

import numpy as np
import torch

FORMAT = "tessera.checkpoint"
_TO_TORCH = {"same": None, "dense": (1, 0), "conv2d": (3, 2, 0, 1), "conv-transpose2d": (3, 2, 0, 1)}
_TO_APP = {"same": None, "dense": (1, 0), "conv2d": (2, 3, 1, 0), "conv-transpose2d": (2, 3, 1, 0)}


class CheckpointMismatch(ValueError):
    pass


def read_app_checkpoint(path: str):
    with open(path) as f:
        manifest = json.load(f)
    if manifest.get("format") != FORMAT:
        raise CheckpointMismatch(f"{path} is not a Tessera checkpoint (format {manifest.get('format')!r}).")
    raw = np.fromfile(os.path.join(os.path.dirname(path), manifest["binFile"]), dtype="<f4")
    values = {}
    for e in manifest["tensors"]:
        chunk = raw[e["offset"] : e["offset"] + e["size"]]
        if e["dtype"] == "int32":
            chunk = chunk.view("<i4")
        values[e["key"]] = chunk.reshape(e["shape"]).copy()
    return manifest, values


def _tensors(model: torch.nn.Module) -> dict:
    out = dict(model.named_parameters())
    out.update(dict(model.named_buffers()))
    return out


def load_app_weights(model: torch.nn.Module, path: str) -> dict:
    """Copies an app checkpoint's weights (and state) into the model; refuses one of another graph.

    State the checkpoint lacks (a checkpoint written with weights only) keeps its fresh values."""
    manifest, values = read_app_checkpoint(path)
    tables = {"weights/": model.APP_WEIGHTS, "state/": getattr(model, "APP_STATE", {})}
    parts = []
    for prefix, table in tables.items():
        stored = {k[len(prefix) :] for k in values if k.startswith(prefix)}
        missing = sorted(set(table) - stored) if prefix == "weights/" else []
        unexpected = sorted(stored - set(table))
        if missing:
            parts.append("the model has " + ", ".join(missing) + " which the checkpoint lacks")
        if unexpected:
            shown = unexpected if prefix == "weights/" else [prefix + k for k in unexpected]
            parts.append("the checkpoint has " + ", ".join(shown) + " which the model lacks")
    if parts:
        raise CheckpointMismatch(
            f"{path} is a checkpoint of a different graph ({manifest.get('documentName')!r}): "
            + "; ".join(parts)
            + ". Export the project that wrote it, or start without --from-checkpoint."
        )
    params = _tensors(model)
    converted = {}
    for prefix, table in tables.items():
        for key, (name, layout) in table.items():
            if prefix + key not in values:
                continue
            v = torch.from_numpy(values[prefix + key])
            perm = _TO_TORCH[layout]
            if perm is not None:
                v = v.permute(*perm).contiguous()
            target = params[name]
            if tuple(v.shape) != tuple(target.shape):
                raise CheckpointMismatch(
                    f"{path}: weight {key} has shape {list(values[prefix + key].shape)} in the checkpoint, "
                    f"which gives {list(v.shape)} for {name}, but the model's is {list(target.shape)}. "
                    "The graph's sizes differ; export the project that wrote the checkpoint."
                )
            converted[name] = v.to(target.dtype)
    with torch.no_grad():
        for name, v in converted.items():
            params[name].copy_(v)
    return manifest


def save_app_checkpoint(model: torch.nn.Module, path: str, step: int, document_name: str, losses: dict) -> str:
    """Writes the model's weights and state in the app's checkpoint format (no optimizer state)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    params = _tensors(model)
    entries, chunks, offset = [], [], 0
    tables = (("weights/", model.APP_WEIGHTS), ("state/", getattr(model, "APP_STATE", {})))
    for prefix, table in tables:
        for key, (name, layout) in table.items():
            v = params[name].detach().cpu().float()
            perm = _TO_APP[layout]
            if perm is not None:
                v = v.permute(*perm)
            data = v.contiguous().numpy().astype("<f4").ravel()
            entries.append({"key": prefix + key, "shape": list(v.shape), "dtype": "float32", "offset": offset, "size": int(data.size)})
            chunks.append(data)
            offset += data.size
    bin_file = os.path.basename(path)[: -len(".json")] + ".bin"
    np.concatenate(chunks or [np.zeros(0, "<f4")]).tofile(os.path.join(os.path.dirname(path) or ".", bin_file))
    manifest = {
        "format": FORMAT,
        "version": 1,
        "runId": "pytorch-export",
        "documentName": document_name,
        "step": step,
        "stageIndex": 0,
        "rngState": [0, 0, 0, 0],
        "createdAt": "",
        "losses": losses,
        "binFile": bin_file,
        "tensors": entries,
    }
    with open(path, "w") as f:
        json.dump(manifest, f, indent=1)
    return path
