"""Self-supervised nodes (nodes/ssl/): SimCLR's augmentation and NT-Xent loss, MAE-style patch
masking and its masked MSE, and the linear probe. b batch, h w spatial, c channels (NHWC).

The augmentation and the masks draw from a generator seeded by (node seed, global step), ported
from the app (step-random.ts, augment-plan.ts, mulberry32), so step k gives the app's views; crops
are resized as tf.image.cropAndResize does (bilinear, TensorFlow's sample positions).
"""
import math

import numpy as np
import torch
from torch import nn

from . import tfrandom
from .layers import init_kernel
from .rng import M32, _imul, mulberry32


def step_seed(seed: int, step: int) -> int:
    """step-random.ts stepSeed: a 32-bit mix of the node's seed and the step, never 0."""
    h = (_imul(seed & M32, 0x9E3779B1) ^ _imul((step & M32) + 1, 0x85EBCA77)) & M32
    h = _imul(h ^ (h >> 16), 0x7FEB352D)
    h = _imul(h ^ (h >> 15), 0x846CA68B)
    return (h ^ (h >> 16)) & M32 or 1


def _round(x: float) -> int:
    """JavaScript's Math.round (halves up)."""
    return math.floor(x + 0.5)


def _permutation(nxt, n: int):
    p = list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(nxt() * (i + 1))
        p[i], p[j] = p[j], p[i]
    return p


def plan_augment(nxt, count, height, width, p):
    """augment-plan.ts: per example a random resized crop box, a flip and a brightness shift."""
    boxes, flips, shifts = [], [], []
    area = height * width
    lo, hi = math.log(p["ratioMin"]), math.log(p["ratioMax"])
    for _ in range(count):
        box = None
        for _attempt in range(10):
            target = area * (p["scaleMin"] + (p["scaleMax"] - p["scaleMin"]) * nxt())
            ratio = math.exp(lo + (hi - lo) * nxt())
            w, h = _round(math.sqrt(target * ratio)), _round(math.sqrt(target / ratio))
            if 1 <= w <= width and 1 <= h <= height:
                top = math.floor(nxt() * (height - h + 1))
                left = math.floor(nxt() * (width - w + 1))
                sy, sx = max(1, height - 1), max(1, width - 1)
                box = [top / sy, left / sx, (top + h - 1) / sy, (left + w - 1) / sx]
                break
        boxes.append(box or [0, 0, 1, 1])
        flips.append(1 if nxt() < p["flip"] else 0)
        shifts.append((2 * nxt() - 1) * p["brightness"] if p["brightness"] > 0 else 0)
    return boxes, flips, shifts, math.floor(nxt() * 2147483647)


def _axis_samples(lo, hi, size, n):
    """TensorFlow crop_and_resize sample positions along one axis, and which fall inside."""
    if n > 1:
        pos = lo * (size - 1) + np.arange(n) * ((hi - lo) * (size - 1) / (n - 1))
    else:
        pos = np.full(n, 0.5 * (lo + hi) * (size - 1))
    return pos, (pos >= 0) & (pos <= size - 1)


def crop_and_resize(image: np.ndarray, boxes, size):
    """tf.image.cropAndResize(image [b, h, w, c], boxes, box i -> image i, size, 'bilinear'), 0 outside."""
    b, h, w, c = image.shape
    out = np.zeros((b, size[0], size[1], c), dtype=np.float64)
    # The boxes arrive as a float32 tensor in the app: rounded once.
    for i, (y1, x1, y2, x2) in enumerate(np.asarray(boxes, dtype=np.float32).astype(np.float64).tolist()):
        ys, yin = _axis_samples(y1, y2, h, size[0])
        xs, xin = _axis_samples(x1, x2, w, size[1])
        top, bottom = np.floor(ys).astype(int).clip(0, h - 1), np.ceil(ys).astype(int).clip(0, h - 1)
        left, right = np.floor(xs).astype(int).clip(0, w - 1), np.ceil(xs).astype(int).clip(0, w - 1)
        yl, xl = (ys - np.floor(ys))[:, None, None], (xs - np.floor(xs))[None, :, None]
        img = image[i].astype(np.float64)
        tl, tr = img[top][:, left], img[top][:, right]
        bl, br = img[bottom][:, left], img[bottom][:, right]
        t = tl + (tr - tl) * xl
        v = t + ((bl + (br - bl) * xl) - t) * yl
        out[i] = np.where((yin[:, None] & xin[None, :])[..., None], v, 0.0)
    return out.astype(np.float32)


def augment(x, p, sampler):
    """ssl/augment: one view of x [b, h, w, c] at the sampler's step (data only: no gradient)."""
    b, h, w, _ = x.shape
    boxes, flips, shifts, noise_seed = plan_augment(mulberry32(step_seed(p["seed"], sampler.step)), b, h, w, p)
    size = (p["size"], p["size"]) if p["size"] > 0 else (h, w)
    y = torch.from_numpy(crop_and_resize(x.detach().cpu().numpy(), boxes, size)).to(x.device)
    if any(flips):
        m = torch.tensor(flips, dtype=y.dtype, device=y.device).reshape(b, 1, 1, 1)
        y = m * y.flip(2) + (1 - m) * y
    if p["brightness"] > 0:
        y = y + torch.tensor(shifts, dtype=torch.float32, device=y.device).reshape(b, 1, 1, 1)
    if p["noiseStd"] > 0:
        y = y + torch.from_numpy(tfrandom.random_normal(list(y.shape), 0.0, p["noiseStd"], noise_seed)).to(y.device)
    return y


def nt_xent(za, zb, temperature):
    """ssl/nt-xent (SimCLR eq. 1 over all 2N anchors): (loss, accuracy)."""
    n = za.shape[0]

    def normalise(z):
        return z / torch.sqrt((z**2).sum(-1, keepdim=True) + 1e-12)

    a, b = normalise(za), normalise(zb)
    z = torch.cat([a, b], 0)
    logits = (z @ z.t()) / temperature - torch.eye(2 * n, device=z.device) * 1e9
    loss = torch.logsumexp(logits, 1).mean() - ((a * b).sum(1) / temperature).mean()
    target = (torch.arange(2 * n, device=z.device) + n) % (2 * n)
    return loss, (logits.argmax(1) == target).float().mean()


def patch_mask(x, p, sampler):
    """ssl/patch-mask: (masked image, pixel mask [b, h, w, 1]); round(ratio * patches) per example."""
    b, h, w, _ = x.shape
    k = p["patch"]
    gh, gw = h // k, w // k
    nxt = mulberry32(step_seed(p["seed"], sampler.step))
    masked_count = _round(p["ratio"] * gh * gw)
    grid = np.zeros((b, gh * gw), dtype=np.float32)
    for i in range(b):
        grid[i, _permutation(nxt, gh * gw)[:masked_count]] = 1
    mask = torch.from_numpy(grid.reshape(b, gh, gw, 1)).to(x.device)
    mask = mask.repeat_interleave(k, dim=1).repeat_interleave(k, dim=2)
    return x * (1 - mask) + mask * p["fill"], mask


def masked_mse(prediction, target, mask, weight):
    """ssl/masked-mse (MAE): sum(mask (p - t)^2) / (sum(mask) C), the visible pixels left out."""
    c = prediction.shape[-1]
    err = ((prediction - target) ** 2 * mask).sum()
    count = torch.clamp(mask.sum() * (c / mask.shape[-1]), min=1)
    return err / count * weight


class LinearProbe(nn.Module):
    """ssl/linear-probe: logits = h W + b, softmax cross-entropy and accuracy (kernel [f, k] as the app's)."""

    def __init__(self, features, classes):
        super().__init__()
        self.kernel = nn.Parameter(torch.empty(features, classes))
        init_kernel(self.kernel, "glorot-uniform", features, classes)
        self.bias = nn.Parameter(torch.zeros(classes))

    def forward(self, features, labels):
        logits = features @ self.kernel + self.bias
        hot = torch.nn.functional.one_hot(labels.long(), logits.shape[1]).to(logits.dtype)
        loss = -(hot * torch.log_softmax(logits, 1)).sum(1).mean()
        return logits, loss, (logits.argmax(1) == labels.long()).float().mean()
