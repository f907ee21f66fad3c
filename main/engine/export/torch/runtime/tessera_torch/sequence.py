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


def _phi(x):
    """Linear attention's feature map elu(x) + 1 > 0 (Katharopoulos et al. 2020, sec. 3.2.1)."""
    return F.elu(x) + 1


def linear_attention(fq, fk, v, causal, eps=1e-6):
    """phi(q) [.., n, e], phi(k) [.., m, e], v [.., m, f] (eqs. 5-6; causal: running sums, eq. 9)."""
    if not causal:
        num = fq @ (fk.transpose(-1, -2) @ v)
        den = (fq * fk.sum(-2, keepdim=True)).sum(-1, keepdim=True)
        return num / (den + eps)
    s = torch.cumsum(fk.unsqueeze(-1) * v.unsqueeze(-2), dim=-3)  # S_i = sum_{j<=i} phi(k_j) v_j^T
    num = (fq.unsqueeze(-1) * s).sum(-2)
    den = (fq * torch.cumsum(fk, dim=-2)).sum(-1, keepdim=True)
    return num / (den + eps)


class LinearAttention(MultiHeadAttention):
    """attention/linear-attention: the multi-head projections with softmax(q k^T) replaced by
    phi(q) phi(k)^T; `attention` is the implicit [b, h, n, m] matrix (quadratic: the app computes
    it too when a module output reads it)."""

    def forward(self, x, context=None, key_mask=None):
        b, n, d = x.shape
        src = x if context is None else context
        fq = _phi(self._split(x @ self.wq + self.bq))
        fk = _phi(self._split(src @ self.wk + self.bk))
        if key_mask is not None:
            fk = fk * key_mask.float().reshape(b, 1, -1, 1)
        v = self._split(src @ self.wv + self.bv)
        out = linear_attention(fq, fk, v, self.causal).permute(0, 2, 1, 3).reshape(b, n, d)
        scores = fq @ fk.transpose(-1, -2)
        if self.causal:
            scores = scores * torch.tril(torch.ones(n, src.shape[1], device=x.device))
        return out @ self.wo + self.bo, scores / (scores.sum(-1, keepdim=True) + 1e-6)


def _silu(x):
    return x * torch.sigmoid(x)


class Flash(nn.Module):
    """attention/flash (Hua et al. 2022, sec. 3): a gated attention unit with mixed-chunk attention,
    relu^2(q k^T / C) inside chunks of C tokens plus linear attention lq (sum lk^T v) / n across
    chunks (earlier chunks only when causal). Weights: the app's wu bu wv bv wz bz wo bo and the
    scale/offset maps gamma*/beta* of Z for q, k, linQ, linK."""

    OFFSETS = ("Q", "K", "LinQ", "LinK")

    def __init__(self, dim, expansion, s, chunk, causal):
        super().__init__()
        e = expansion * dim
        self.chunk, self.causal = chunk, causal
        for name, shape, std in (("wu", [dim, e], dim), ("wv", [dim, e], dim), ("wz", [dim, s], dim), ("wo", [e, dim], e)):
            self.register_parameter(name, nn.Parameter(torch.randn(shape) / math.sqrt(std)))
            self.register_parameter("b" + name[1], nn.Parameter(torch.zeros(shape[1])))
        for o in self.OFFSETS:
            self.register_parameter("gamma" + o, nn.Parameter(torch.randn(s) * 0.02))
            self.register_parameter("beta" + o, nn.Parameter(torch.zeros(s)))

    def _mixed(self, q, k, lq, lk, v, key_mask):
        b, n, s = q.shape
        e, c = v.shape[2], self.chunk
        if n % c != 0:
            raise ValueError(f"FLASH chunk ({c}) must divide the sequence length {n}; set chunk to a divisor of {n}.")
        g = n // c
        qc, kc, vc = q.reshape(b * g, c, s), k.reshape(b * g, c, s), v.reshape(b * g, c, e)
        quad = F.relu((qc @ kc.transpose(-1, -2)) * (1 / c)) ** 2
        if self.causal:
            quad = quad * torch.tril(torch.ones(c, c, device=q.device))
        if key_mask is not None:
            quad = quad * key_mask.float().reshape(b * g, 1, c)
            lk = lk * key_mask.float().reshape(b, n, 1)
        quad = quad @ vc
        if not self.causal:
            linear = lq @ ((lk.transpose(-1, -2) @ v) * (1 / n))
        else:
            kv = (lk.reshape(b * g, c, s).transpose(-1, -2) @ vc).reshape(b, g, s * e)
            before = torch.cat([torch.zeros_like(kv[:, :1]), torch.cumsum(kv[:, :-1], dim=1)], dim=1)
            linear = lq.reshape(b * g, c, s) @ (before.reshape(b * g, s, e) * (1 / n))
        return quad.reshape(b, n, e) + linear.reshape(b, n, e)

    def _map(self, q, k, lq, lk, key_mask):
        n = q.shape[1]
        i = torch.arange(n, device=q.device)
        ci, cj = (i // self.chunk).reshape(n, 1), (i // self.chunk).reshape(1, n)
        same = ((ci == cj) & ((i.reshape(1, n) <= i.reshape(n, 1)) | (not self.causal))).float()
        earlier = ((cj < ci) | (not self.causal)).float()
        quad = F.relu((q @ k.transpose(-1, -2)) * (1 / self.chunk)) ** 2
        m = quad * same + (lq @ lk.transpose(-1, -2)) * (1 / n) * earlier
        return m * key_mask.float().reshape(q.shape[0], 1, n) if key_mask is not None else m

    def forward(self, x, key_mask=None):
        """(y [b, n, d], attention [b, 1, n, n])."""
        z = _silu(x @ self.wz + self.bz)
        q, k, lq, lk = (z * getattr(self, "gamma" + o) + getattr(self, "beta" + o) for o in self.OFFSETS)
        u, v = _silu(x @ self.wu + self.bu), _silu(x @ self.wv + self.bv)
        y = (u * self._mixed(q, k, lq, lk, v, key_mask)) @ self.wo + self.bo
        return y, self._map(q, k, lq, lk, key_mask).unsqueeze(1)


class GatedAttentionUnit(Flash):
    """attention/gated-attention-unit (Hua et al. 2022, sec. 2): y = (U * A V) Wo with one head of
    A = relu^2(Q K^T / n) from the shared Z (lower-triangular when causal); attention [b, 1, n, n]."""

    OFFSETS = ("Q", "K")

    def __init__(self, dim, expansion, s, causal):
        super().__init__(dim, expansion, s, 1, causal)

    def forward(self, x, key_mask=None):
        n = x.shape[1]
        z = _silu(x @ self.wz + self.bz)
        q, k = (z * getattr(self, "gamma" + o) + getattr(self, "beta" + o) for o in self.OFFSETS)
        u, v = _silu(x @ self.wu + self.bu), _silu(x @ self.wv + self.bv)
        a = F.relu((q @ k.transpose(-1, -2)) * (1 / n)) ** 2
        if self.causal:
            a = a * torch.tril(torch.ones(n, n, device=x.device))
        if key_mask is not None:
            a = a * key_mask.float().reshape(x.shape[0], 1, n)
        return (u * (a @ v)) @ self.wo + self.bo, a.unsqueeze(1)
