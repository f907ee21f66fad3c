"""Token-sequence nodes: patchify/unpatchify, position encodings, multi-head attention and the
cross-entropy loss. b batch, n query tokens, m key tokens, d model dim, h heads, e = d / h.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def patchify(x, p):
    """shape/patchify: [b, h, w, c] -> [b, (h/p)(w/p), p*p*c], patches row-major, (row, column, channel) inside."""
    b, h, w, c = x.shape
    rows = x.reshape(b * (h // p), p, w // p, p * c)
    return rows.permute(0, 2, 1, 3).reshape(b, (h // p) * (w // p), p * p * c)


def unpatchify(tokens, p, height, width):
    """shape/unpatchify: the inverse of patchify; a square grid when height is 0."""
    b, n, f = tokens.shape
    if height == 0:
        rows = cols = round(math.sqrt(n))
    else:
        rows, cols = height // p, width // p
    c = f // (p * p)
    t = tokens.reshape(b * rows, cols, p, p * c)
    return t.permute(0, 2, 1, 3).reshape(b, rows * p, cols * p, c)


def _frequencies(dim, max_period):
    half = dim // 2
    return [math.pow(max_period, -i / half) for i in range(half)]


def sinusoidal_embedding(t, dim, max_period):
    """position/sinusoidal, mode t: [...] -> [..., dim], sines then cosines of t * max_period^(-i/h)."""
    freqs = torch.tensor(_frequencies(dim, max_period), dtype=torch.float32, device=t.device)
    args = t.float().unsqueeze(-1) * freqs
    return torch.stack([torch.sin(args), torch.cos(args)], dim=-2).reshape(*t.shape, dim)


def sinusoidal_add(x, max_period):
    """position/sinusoidal, mode x: x + emb(0..n-1) for x [b, n, d] (table in float64, rounded once)."""
    n, d = x.shape[-2], x.shape[-1]
    w = np.asarray(_frequencies(d, max_period))
    pos = np.arange(n, dtype=np.float64).reshape(n, 1)
    table = np.concatenate([np.sin(pos * w), np.cos(pos * w)], axis=1).astype(np.float32)
    return x + torch.from_numpy(table).to(x.device)


def rotary(x, base):
    """position/rotary (Su et al. 2021, eq. 34), interleaved pairs rotated by n * base^(-2i/d)."""
    n, d = x.shape[-2], x.shape[-1]
    pos = np.arange(n, dtype=np.float64).reshape(n, 1)
    a = pos * np.power(float(base), -2 * np.arange(d // 2, dtype=np.float64) / d)
    cos = torch.from_numpy(np.cos(a).astype(np.float32)).reshape(n, d // 2, 1).to(x.device)
    sin = torch.from_numpy(np.sin(a).astype(np.float32)).reshape(n, d // 2, 1).to(x.device)
    pairs = x.reshape(*x.shape[:-1], d // 2, 2)
    rotated = pairs.flip(-1) * torch.tensor([-1.0, 1.0], device=x.device)
    return (pairs * cos + rotated * sin).reshape(x.shape)


class LearnedPositions(nn.Module):
    """position/learned: y = x + table[0:n] for x [b, n, d]."""

    def __init__(self, max_length, dim):
        super().__init__()
        self.table = nn.Parameter(torch.randn(max_length, dim) * 0.02)

    def forward(self, x):
        n = x.shape[1]
        if n > self.table.shape[0]:
            raise ValueError(f"position/learned: the sequence has {n} tokens but maxLength is {self.table.shape[0]}.")
        return x + self.table[:n]


class MultiHeadAttention(nn.Module):
    """attention/multi-head-attention (Vaswani et al. 2017, sec. 3.2.2): self- or cross-attention,
    optional causal and key-padding masks (-1e9 added to the scores, as the app). Weights are the
    app's [in, out] projections wq wk wv wo and biases."""

    def __init__(self, dim, heads, causal, kv_dim=None):
        super().__init__()
        kv = kv_dim or dim
        self.heads, self.causal = heads, causal
        self.wq = nn.Parameter(torch.randn(dim, dim) * 0.02)
        self.wk = nn.Parameter(torch.randn(kv, dim) * 0.02)
        self.wv = nn.Parameter(torch.randn(kv, dim) * 0.02)
        self.wo = nn.Parameter(torch.randn(dim, dim) * 0.02)
        for name in ("bq", "bk", "bv", "bo"):
            self.register_parameter(name, nn.Parameter(torch.zeros(dim)))

    def _split(self, x):
        b, n, d = x.shape
        return x.reshape(b, n, self.heads, d // self.heads).permute(0, 2, 1, 3)

    def forward(self, x, context=None, key_mask=None):
        """(y [b, n, d], attention [b, h, n, m])."""
        b, n, d = x.shape
        src = x if context is None else context
        q = self._split(x @ self.wq + self.bq)
        k = self._split(src @ self.wk + self.bk)
        v = self._split(src @ self.wv + self.bv)
        scores = (q @ k.transpose(-1, -2)) * (1 / math.sqrt(d // self.heads))
        if self.causal:
            lower = torch.tril(torch.ones(n, n, device=x.device))
            scores = scores + (1 - lower) * -1e9
        if key_mask is not None:
            scores = scores + ((1 - key_mask.float()) * -1e9).reshape(b, 1, 1, -1)
        weights = torch.softmax(scores, dim=-1)
        out = (weights @ v).permute(0, 2, 1, 3).reshape(b, n, d)
        return out @ self.wo + self.bo, weights


def cross_entropy(logits, labels, weight, label_smoothing):
    """loss/cross-entropy: w * mean over positions of -sum target * log_softmax(logits), targets
    one-hot (1 - eps) + eps / k (Szegedy et al. 2016, sec. 7)."""
    k = logits.shape[-1]
    target = F.one_hot(labels.reshape(-1).long(), k).to(logits.dtype)
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / k
    logp = torch.log_softmax(logits.reshape(-1, k), dim=-1)
    return (-(target * logp).sum(-1)).mean() * weight
