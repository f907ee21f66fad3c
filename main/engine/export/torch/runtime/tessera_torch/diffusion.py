"""The diffusion nodes of a Tessera export: the noise schedule, q_sample (Diffusion Step), the
min-SNR loss, condition dropout for classifier-free guidance and the KL autoencoder's diagonal
Gaussian. b batch, ... any further dims (h w c images or latents).

The schedule tables are float64 lists computed with the arithmetic of
nodes/diffusion/shared/noise-schedule-math.ts (index t = 0..T-1 is the paper's step t+1) and
rounded once to float32 where a tensor is made, as the app does. Timesteps, dropout decisions and
noise come from the sampler in the app's order: one rng.int(T) per example, then one rng.seed()
for the noise (tfrandom.py gives the app's values); one rng.next() per example for the dropout.
The samplers (DDPM, DDIM, guidance sweep) are previews and stay in the app.
"""
import math

import torch
from torch import nn

COSINE_MAX_BETA = 0.999
_tables = {}


def _spec_key(spec: dict):
    return (spec["schedule"], int(spec["steps"]), float(spec["betaStart"]), float(spec["betaEnd"]), float(spec["cosineS"]))


def linear_betas(steps: int, start: float, end: float) -> list:
    """Betas from start to end inclusive (Ho et al. 2020; diffusers beta_schedule='linear')."""
    return [start if steps == 1 else start + ((end - start) * t) / (steps - 1) for t in range(steps)]


def cosine_alpha_bar_at(t: float, steps: int, s: float) -> float:
    """f(t) / f(0), f(u) = cos(((u/T) + s) / (1 + s) * pi/2)^2 (Nichol & Dhariwal 2021, eq. 17)."""

    def f(u):
        return math.cos(((u / steps + s) / (1 + s)) * (math.pi / 2)) ** 2

    return f(t) / f(0)


def cosine_betas(steps: int, s: float) -> list:
    """beta_t = min(1 - abar(t+1) / abar(t), 0.999) (diffusers 'squaredcos_cap_v2')."""
    return [min(1 - cosine_alpha_bar_at(t + 1, steps, s) / cosine_alpha_bar_at(t, steps, s), COSINE_MAX_BETA) for t in range(steps)]


def schedule_tables(spec: dict):
    """(betas, alphas, alpha_bar) as float64 lists for the schedule params
    {schedule, steps, betaStart, betaEnd, cosineS}; alpha_bar[t] = prod_{s<=t} (1 - beta_s)."""
    key = _spec_key(spec)
    if key not in _tables:
        kind, steps, start, end, s = key
        betas = cosine_betas(steps, s) if kind == "cosine" else linear_betas(steps, start, end)
        alphas = [1 - b for b in betas]
        alpha_bar, prod = [], 1.0
        for a in alphas:
            prod *= a
            alpha_bar.append(prod)
        _tables[key] = (betas, alphas, alpha_bar)
    return _tables[key]


def noise_schedule(spec: dict, device):
    """diffusion/noise-schedule: (betas, alphas, alphaBar) float32 [T]."""
    return tuple(torch.tensor(v, dtype=torch.float32, device=device) for v in schedule_tables(spec))


def _per_example(values: list, like: torch.Tensor) -> torch.Tensor:
    """Float64 values, one per example, as float32 [b, 1, ...] broadcasting over like's other dims."""
    return torch.tensor(values, dtype=torch.float32, device=like.device).reshape([like.shape[0]] + [1] * (like.dim() - 1))


def diffusion_step(x0, spec: dict, prediction: str, sampler):
    """diffusion/diffusion-step (q_sample, Ho et al. 2020 eq. 4): t ~ U{0..T-1} per example and
    eps ~ N(0, I) from the sampler; x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps. Returns
    (x_t, t int64 [b], eps, target) with target eps, or v = sqrt(abar_t) eps - sqrt(1 - abar_t) x0."""
    alpha_bar = schedule_tables(spec)[2]
    steps = int(spec["steps"])
    b = x0.shape[0]
    t = [sampler.rng.int(steps) for _ in range(b)]
    eps = sampler.randn(list(x0.shape))
    sa = _per_example([math.sqrt(alpha_bar[s]) for s in t], x0)
    sn = _per_example([math.sqrt(1 - alpha_bar[s]) for s in t], x0)
    xt = sa * x0 + sn * eps
    target = sa * eps - sn * x0 if prediction == "v" else eps
    return xt, torch.tensor(t, dtype=torch.int64, device=x0.device), eps, target


def min_snr_weights(spec: dict, prediction: str, gamma: float) -> list:
    """The min-SNR-gamma weight of every step (Hang et al. 2023): min(SNR, gamma) / SNR for eps,
    / (SNR + 1) for v, min(SNR, gamma) for x0; SNR_t = abar_t / (1 - abar_t). Float64."""
    out = []
    for a in schedule_tables(spec)[2]:
        r = a / (1 - a)
        clamped = min(r, gamma)
        out.append(clamped if prediction == "x0" else clamped / (r + 1) if prediction == "v" else clamped / r)
    return out


def diffusion_loss(prediction, target, t, spec: dict, kind: str, gamma: float, weight: float):
    """diffusion/diffusion-loss: weight * mean_b(w(t_b) * mean((prediction_b - target_b)^2)), w the
    min-SNR table (float32) gathered by t, no gradient through the gather."""
    table = torch.tensor(min_snr_weights(spec, kind, gamma), dtype=torch.float32, device=prediction.device)
    b = prediction.shape[0]
    per_example = ((prediction - target) ** 2).reshape(b, -1).mean(dim=1)
    return (per_example * table[t.long()]).mean() * weight


class ConditionDropout(nn.Module):
    """diffusion/condition-dropout (Ho & Salimans 2022, Algorithm 1): while training, row b of the
    condition becomes the learned null embedding when u_b < p, u_b = rng.next() per example;
    y = c (1 - m) + null m with m [b, 1, ...]. A padding mask, when given, becomes all ones on the
    replaced rows. At eval (or p = 0) y = c. `null` has the condition's per-example shape, zeros."""

    def __init__(self, row, p: float):
        super().__init__()
        if row is None or not all(isinstance(d, int) for d in row):
            raise ValueError(f"Condition Dropout: the condition's per-example shape must be known (got {row}).")
        self.null = nn.Parameter(torch.zeros(row))
        self.p = p

    def forward(self, cond, mask, sampler, training: bool):
        """(y, null broadcast to the condition's shape, mask or None)."""
        nul = torch.zeros_like(cond) + self.null
        if not training or self.p <= 0:
            return cond, nul, mask
        b = cond.shape[0]
        m = [1.0 if sampler.rng.next() < self.p else 0.0 for _ in range(b)]
        rows = _per_example(m, cond)
        y = cond * (1 - rows) + self.null * rows
        if mask is None:
            return y, nul, None
        rows = _per_example(m, mask)
        return y, nul, mask * (1 - rows) + rows


def diagonal_gaussian(mean, logvar, logvar_min: float, logvar_max: float, eval_output: str, sampler, training: bool):
    """diffusion/diagonal-gaussian: logvar clamped to [min, max];
    kl = 1/2 sum(mean^2 + exp(logvar) - 1 - logvar) / b (Kingma & Welling 2014, appendix B) and
    z = mean + exp(logvar / 2) eps, eps ~ N(0, I) from the sampler, while training (frozen stages
    too) or with eval_output 'sample'; the mean otherwise. Returns (z, kl)."""
    logvar = torch.clamp(logvar, logvar_min, logvar_max)
    b = mean.shape[0]
    kl = (((mean**2 + torch.exp(logvar)) - (logvar + 1)) * 0.5).sum() / b
    if training or eval_output == "sample":
        z = mean + torch.exp(logvar * 0.5) * sampler.randn(list(mean.shape))
    else:
        z = mean
    return z, kl
