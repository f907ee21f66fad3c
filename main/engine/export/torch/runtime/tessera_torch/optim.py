"""The optimizer node's update (nodes/optimize/optimizer/optimizer.layer.ts) in torch.optim terms.

adam/adamw/rmsprop/sgd with the same hyperparameters: torch's Adam, AdamW (decoupled decay),
RMSprop (alpha = beta2) and SGD (heavy-ball, no dampening) compute the app's update. Global
gradient-norm clipping (the objective's clipGradNorm, else the node's) and weight clipping
(WGAN) follow the update as in the app.
"""
import torch


def make_optimizer(params, cfg: dict):
    a, lr, wd = cfg["algorithm"], cfg["lr"], cfg["weightDecay"]
    betas = (cfg["beta1"], cfg["beta2"])
    if a == "adam":
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=cfg["epsilon"], weight_decay=wd)
    if a == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=betas, eps=cfg["epsilon"], weight_decay=wd)
    if a == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=cfg["beta2"], eps=cfg["epsilon"], weight_decay=wd, momentum=cfg["momentum"])
    return torch.optim.SGD(params, lr=lr, momentum=cfg["momentum"], weight_decay=wd)


def clip_and_step(optimizer, params, cfg: dict, objective_clip: float) -> None:
    clip = objective_clip if objective_clip > 0 else cfg["clipGradNorm"]
    if clip > 0:
        torch.nn.utils.clip_grad_norm_(params, clip)
    optimizer.step()
    if cfg["clipWeights"] > 0:
        with torch.no_grad():
            for p in params:
                p.clamp_(-cfg["clipWeights"], cfg["clipWeights"])
