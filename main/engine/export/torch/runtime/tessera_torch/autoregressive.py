"""Autoregressive density models of binary images (nodes/autoregressive/): FVSBN, NADE, MADE,
PixelCNN and the Bernoulli negative log-likelihood. b batch, h w spatial, c channels (NHWC);
d = h*w*c pixels in raster order. Weights keep the app's names and layouts; MADE's masks come from
the app's mulberry32 degrees (ported below), so the same maskSeed gives the same masks.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from .layers import softplus
from .rng import mulberry32


def made_masks(d, hidden, order, seed, direct):
    """(masks [(name, [fan-in, fan-out] 0/1 tensor)], order) as made-masks.ts builds them (Germain et al. 2015, eqs. 12-13)."""
    nxt = mulberry32(seed)
    perm = list(range(d))
    if order == "random":
        for i in range(d - 1, 0, -1):
            j = math.floor(nxt() * (i + 1))
            perm[i], perm[j] = perm[j], perm[i]
    m0 = [p + 1 for p in perm]
    degrees = [m0]
    for k in hidden:
        lo = min(d - 1, min(degrees[-1]))
        degrees.append([lo + math.floor(nxt() * (d - 1 - lo + 1)) for _ in range(k)])

    def mask(a, b, strict):
        a, b = torch.tensor(a).reshape(-1, 1), torch.tensor(b).reshape(1, -1)
        return ((b > a) if strict else (b >= a)).float()

    masks = [(f"w{l}", mask(degrees[l - 1], degrees[l], False)) for l in range(1, len(degrees))]
    masks.append(("v", mask(degrees[-1], m0, True)))
    if direct:
        masks.append(("a", mask(m0, m0, True)))
    return masks, perm


class Fvsbn(nn.Module):
    """autoregressive/fvsbn: logit_i = b_i + sum_{j<i} W_ji x_j (Frey 1998)."""

    def __init__(self, d, init_scale):
        super().__init__()
        self.w = nn.Parameter(torch.randn(d, d) * init_scale if init_scale > 0 else torch.zeros(d, d))
        self.b = nn.Parameter(torch.zeros(d))
        self.register_buffer("mask", torch.triu(torch.ones(d, d), diagonal=1), persistent=False)

    def forward(self, x):
        return (x.reshape(x.shape[0], -1) @ (self.w * self.mask) + self.b).reshape(x.shape)


class Nade(nn.Module):
    """autoregressive/nade (Larochelle & Murray 2011, eqs. 2-3): h_i = sigmoid(c + W_{:,<i} x_{<i})."""

    def __init__(self, d, k):
        super().__init__()
        self.w = nn.Parameter(torch.empty(k, d).uniform_(-1 / math.sqrt(d), 1 / math.sqrt(d)))
        self.v = nn.Parameter(torch.empty(k, d).uniform_(-1 / math.sqrt(k), 1 / math.sqrt(k)))
        self.c = nn.Parameter(torch.zeros(k, 1))
        self.b = nn.Parameter(torch.zeros(d))

    def forward(self, x):
        contrib = x.reshape(x.shape[0], 1, -1) * self.w  # b x k x d
        # Exclusive cumulative sum over the pixels: a_i = c + sum_{j<i} x_j W_j.
        before = torch.cumsum(contrib[..., :-1], dim=-1)
        a = torch.cat([torch.zeros_like(contrib[..., :1]), before], dim=-1) + self.c
        return ((torch.sigmoid(a) * self.v).sum(1) + self.b).reshape(x.shape)


class Made(nn.Module):
    """autoregressive/made (Germain et al. 2015, eq. 14): masked dense layers; logits and the order."""

    def __init__(self, d, hidden, order, mask_seed, direct):
        super().__init__()
        masks, perm = made_masks(d, list(hidden), order, mask_seed, direct)
        self.names, self.n_hidden, self.direct = [], len(hidden), direct
        for i, (name, m) in enumerate(masks):
            lim = math.sqrt(6 / (m.shape[0] + m.shape[1]))
            self.register_parameter(name, nn.Parameter(torch.empty(m.shape).uniform_(-lim, lim)))
            bias = None if name == "a" else ("c" if name == "v" else f"b{i + 1}")
            if bias:
                self.register_parameter(bias, nn.Parameter(torch.zeros(m.shape[1])))
            self.register_buffer(f"mask_{name}", m, persistent=False)
            self.names.append((name, bias))
        self.register_buffer("order", torch.tensor(perm, dtype=torch.int64), persistent=False)

    def _dense(self, a, i):
        name, bias = self.names[i]
        y = a @ (getattr(self, name) * getattr(self, f"mask_{name}"))
        return y + getattr(self, bias) if bias else y

    def forward(self, x):
        flat = x.reshape(x.shape[0], -1)
        h = flat
        for l in range(self.n_hidden):
            h = F.relu(self._dense(h, l))
        logits = self._dense(h, self.n_hidden)
        if self.direct:
            logits = logits + self._dense(flat, self.n_hidden + 1)
        return logits.reshape(x.shape), self.order.clone()


def masked_taps(k, kind):
    """[dy, dx] taps a k x k kernel keeps under mask A (not the centre) or B, in raster order."""
    p = k // 2
    return [(dy, dx) for dy in range(-p, 1) for dx in range(-p, p + 1) if not (dy == 0 and (dx > 0 or (dx == 0 and kind == "A")))]


class Pixelcnn(nn.Module):
    """autoregressive/pixelcnn (van den Oord et al. 2016): a 7x7 mask-A conv, residual blocks
    [relu, 1x1, relu, 3x3 mask-B, relu, 1x1, + skip], relu, 1x1, relu, 1x1 -> logits."""

    def __init__(self, features, blocks, first_kernel, output_features):
        super().__init__()
        f, half = features, max(1, features // 2)
        self.taps_a, self.taps_b, self.blocks = masked_taps(first_kernel, "A"), masked_taps(3, "B"), blocks

        def kernel(name, shape, fan_in):
            lim = math.sqrt(3 / fan_in)
            self.register_parameter(name.replace("/", "_") + "_kernel", nn.Parameter(torch.empty(shape).uniform_(-lim, lim)))
            self.register_parameter(name.replace("/", "_") + "_bias", nn.Parameter(torch.zeros(shape[-1])))

        kernel("in", [len(self.taps_a), 1, f], len(self.taps_a))
        for i in range(1, blocks + 1):
            kernel(f"block{i}/down", [f, half], f)
            kernel(f"block{i}/conv", [len(self.taps_b), half, half], len(self.taps_b) * half)
            kernel(f"block{i}/up", [half, f], half)
        kernel("out1", [f, output_features], f)
        kernel("out2", [output_features, 1], output_features)

    def _w(self, name):
        n = name.replace("/", "_")
        return getattr(self, n + "_kernel"), getattr(self, n + "_bias")

    def _masked(self, x, name, taps):
        """conv2d 'same' with the taps scattered into a full k x k kernel (masked-conv.ts)."""
        kern, bias = self._w(name)
        p = max(max(-dy, abs(dx)) for dy, dx in taps)
        k = 2 * p + 1
        full = kern.new_zeros(k, k, kern.shape[1], kern.shape[2])
        for i, (dy, dx) in enumerate(taps):
            full[dy + p, dx + p] = kern[i]
        y = F.conv2d(F.pad(x.permute(0, 3, 1, 2), (p, p, p, p)), full.permute(3, 2, 0, 1))
        return y.permute(0, 2, 3, 1) + bias

    def _1x1(self, x, name):
        kern, bias = self._w(name)
        return x @ kern + bias

    def forward(self, x):
        s = self._masked(x, "in", self.taps_a)
        for i in range(1, self.blocks + 1):
            r = self._1x1(F.relu(s), f"block{i}/down")
            r = self._masked(F.relu(r), f"block{i}/conv", self.taps_b)
            s = s + self._1x1(F.relu(r), f"block{i}/up")
        return self._1x1(F.relu(self._1x1(F.relu(s), "out1")), "out2")


def bernoulli_nll(logits, target):
    """autoregressive/bernoulli-nll: (loss, perExample), -log p(x) = sum_i max(l,0) - x l + log(1 + exp(-|l|))."""
    b = logits.shape[0]
    l, t = logits.reshape(b, -1), target.reshape(b, -1)
    per = (softplus(l) - l * t).sum(1)
    return per.mean(), per
