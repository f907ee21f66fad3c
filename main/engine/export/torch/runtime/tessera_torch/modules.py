"""Modules in the export: shared weights and EMA copies (the app's layer sets, build-program.ts).

Model.shared is an nn.ModuleDict with one module per module used with shared weights (or
through a handle, or as an EMA source); classes reach it through SharedModules, which is not an
nn.Module, so each shared parameter has exactly one name (shared.<module>.<layer>.<param>).
"""
import torch
from torch import nn


class SharedModules:
    """Model.shared seen from inside a module class (a reference, not a registered child)."""

    def __init__(self, modules: nn.ModuleDict):
        self._modules = modules

    def __getitem__(self, key: str) -> nn.Module:
        return self._modules[key]


def _get(model: nn.Module, path: str) -> nn.Module:
    m = model
    for part in path.split("."):
        m = m[part] if isinstance(m, nn.ModuleDict) else getattr(m, part)
    return m


def start_ema(model: nn.Module, emas) -> None:
    """EMA shadows start equal to their shared source and are never trained (the app's 'ema' instances)."""
    for shadow, source, _ in emas:
        s, src = _get(model, shadow), _get(model, source)
        s.load_state_dict(src.state_dict())
        for p in s.parameters():
            p.requires_grad_(False)


@torch.no_grad()
def update_ema(model: nn.Module, emas) -> None:
    """shadow <- decay * shadow + (1 - decay) * source, for every weight (trainer.ts updateEmaCopies)."""
    for shadow, source, decay in emas:
        src = dict(_get(model, source).named_parameters())
        for name, p in _get(model, shadow).named_parameters():
            p.mul_(decay).add_(src[name] * (1 - decay))


def module_at(model: nn.Module, path: str) -> nn.Module:
    return _get(model, path)
