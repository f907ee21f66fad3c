"""VQ-VAE nodes: the convolutional encoder and decoder (encode/conv-encoder, decode/conv-decoder)
and the vector quantizer (quantize/vector-quantizer). b batch, h w spatial, d code dim, k codes.

Weights keep the app's names ('down0.kernel' becomes the parameter down0_kernel) and tfjs
layouts; the quantizer's usage statistics, EMA codebook and dead-code restarts run once per
training step in after_step, drawing restarts from the trainer's RNG as the app does.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from .layers import conv2d_nhwc, conv_transpose2d_nhwc

RESTART_POOL = 256


def param_name(app_name: str) -> str:
    return app_name.replace(".", "_").replace("/", "_")


class _ConvStack(nn.Module):
    """Conv units with the app's names: (name, kind, cin, cout, k, stride), He-normal kernels."""

    def _unit(self, name, kind, ci, co, k):
        shape = [k, k, ci, co] if kind == "conv" else [k, k, co, ci]
        self.register_parameter(param_name(name + ".kernel"), nn.Parameter(torch.randn(shape) * math.sqrt(2 / (k * k * ci))))
        self.register_parameter(param_name(name + ".bias"), nn.Parameter(torch.zeros(co)))

    def _apply_unit(self, name, kind, x, stride):
        kernel = getattr(self, param_name(name + ".kernel"))
        bias = getattr(self, param_name(name + ".bias"))
        if kind == "conv":
            return conv2d_nhwc(x, kernel.permute(3, 2, 0, 1), bias, stride, "same")
        return conv_transpose2d_nhwc(x, kernel.permute(3, 2, 0, 1), bias, stride, "same")

    def _residual(self, name, x):
        """x + conv1x1(relu(conv3x3(relu(x)))) (van den Oord et al. 2017, sec. 4.1)."""
        h = self._apply_unit(name + ".conv3", "conv", F.relu(x), 1)
        return x + self._apply_unit(name + ".conv1", "conv", F.relu(h), 1)

    def _add_residual(self, name, c):
        hidden = max(1, c >> 1)
        self._unit(name + ".conv3", "conv", c, hidden, 3)
        self._unit(name + ".conv1", "conv", hidden, c, 1)


class ConvEncoder(_ConvStack):
    """encode/conv-encoder: per width a 4x4 stride-2 conv + relu and resBlocks residual blocks,
    then relu and a 1x1 conv to outChannels."""

    def __init__(self, cin, widths, res_blocks, out_channels):
        super().__init__()
        self.widths, self.res_blocks = list(widths), res_blocks
        c = cin
        for i, w in enumerate(self.widths):
            self._unit(f"down{i}", "conv", c, w, 4)
            for r in range(res_blocks):
                self._add_residual(f"down{i}.res{r}", w)
            c = w
        self._unit("out", "conv", c, out_channels, 1)

    def forward(self, x):
        h = x
        for i, _ in enumerate(self.widths):
            h = F.relu(self._apply_unit(f"down{i}", "conv", h, 2))
            for r in range(self.res_blocks):
                h = self._residual(f"down{i}.res{r}", h)
        return self._apply_unit("out", "conv", F.relu(h), 1)


class ConvDecoder(_ConvStack):
    """decode/conv-decoder: a 3x3 conv to widths[0], residual blocks, per width a relu and 4x4
    stride-2 transposed conv, then relu, a 3x3 conv to outChannels and the output activation."""

    def __init__(self, cin, widths, res_blocks, out_channels, out_activation):
        super().__init__()
        self.widths, self.res_blocks, self.out_activation = list(widths), res_blocks, out_activation
        first = self.widths[0] if self.widths else 1
        self._unit("in", "conv", cin, first, 3)
        for r in range(res_blocks):
            self._add_residual(f"res{r}", first)
        c = first
        for i, w in enumerate(self.widths):
            self._unit(f"up{i}", "transpose", c, w, 4)
            c = w
        self._unit("out", "conv", c, out_channels, 3)

    def forward(self, z):
        h = self._apply_unit("in", "conv", z, 1)
        for r in range(self.res_blocks):
            h = self._residual(f"res{r}", h)
        for i, _ in enumerate(self.widths):
            h = self._apply_unit(f"up{i}", "transpose", F.relu(h), 2)
        y = self._apply_unit("out", "conv", F.relu(h), 1)
        if self.out_activation == "sigmoid":
            return torch.sigmoid(y)
        return torch.tanh(y) if self.out_activation == "tanh" else y


class _StraightThrough(torch.autograd.Function):
    """Value `quantized`; the gradient goes to `x` unchanged and none to `quantized` (eq. 3)."""

    @staticmethod
    def forward(ctx, x, quantized):
        return quantized.clone()

    @staticmethod
    def backward(ctx, dy):
        return dy, None


class VectorQuantizer(nn.Module):
    """quantize/vector-quantizer (van den Oord et al. 2017): nearest of k codes by squared distance,
    straight-through gradient, loss = ||sg[z] - e||^2 (not with EMA) + beta ||z - sg[e]||^2."""

    def __init__(self, dim, codes, beta, ema, ema_decay, dead_threshold):
        super().__init__()
        self.k, self.d, self.beta, self.ema = codes, dim, beta, ema
        self.ema_decay, self.dead_threshold = ema_decay, dead_threshold
        book = torch.empty(codes, dim).uniform_(-1 / codes, 1 / codes)
        if ema:
            self.register_buffer("codebook", book)
            self.register_buffer("ema_count", torch.zeros(codes))
            self.register_buffer("ema_sum", torch.zeros(codes, dim))
        else:
            self.codebook = nn.Parameter(book)
        self.register_buffer("usage", torch.ones(codes))
        self._stash = None

    def forward(self, z):
        shape, c = z.shape, self.codebook
        flat = z.reshape(-1, self.d)
        with torch.no_grad():
            dist = (flat**2).sum(1, keepdim=True) - 2 * (flat @ c.t()) + (c**2).sum(1).reshape(1, self.k)
            one_hot = F.one_hot(dist.argmin(1), self.k).to(flat.dtype)
        zq = one_hot @ c
        commitment = ((flat - zq.detach()) ** 2).mean()
        codebook_term = zq.new_zeros(()) if self.ema else ((flat.detach() - zq) ** 2).mean()
        loss = codebook_term + self.beta * commitment
        probs = one_hot.mean(0)
        perplexity = torch.exp(-(probs * torch.log(probs + 1e-10)).sum())
        indices = one_hot.argmax(1).reshape(shape[:-1])
        if self.training and (self.ema or self.dead_threshold > 0):
            f = flat.detach()
            self._stash = (one_hot.sum(0), one_hot.t() @ f, f[:RESTART_POOL].clone())
        quantized = _StraightThrough.apply(flat, zq).reshape(shape)
        return quantized, indices, loss, perplexity, c.detach()

    @torch.no_grad()
    def after_step(self, sampler) -> None:
        if self._stash is None:
            return
        counts, sums, pool = self._stash
        self.usage.copy_(self.usage * 0.99 + counts * 0.01)
        if self.ema:
            # EMA codebook (van den Oord et al. 2017, appendix A.1; Razavi et al. 2019, eqs. 6-8).
            g = self.ema_decay
            self.ema_count.copy_(self.ema_count * g + counts * (1 - g))
            self.ema_sum.copy_(self.ema_sum * g + sums * (1 - g))
            total, eps = self.ema_count.sum(), 1e-5
            smoothed = (self.ema_count + eps) / (total + self.k * eps) * total
            self.codebook.copy_(self.ema_sum / smoothed.reshape(self.k, 1))
        if self.dead_threshold > 0:
            self._restart(sampler, pool)
        self._stash = None

    def _restart(self, sampler, pool):
        """Codes whose usage fell below the threshold move onto random rows of the last batch
        (Dhariwal et al. 2020, sec. 3.3), one rng.int per dead code, in index order."""
        dead = [i for i, u in enumerate(self.usage.tolist()) if u < self.dead_threshold]
        if not dead:
            return
        picks = [sampler.rng.int(pool.shape[0]) for _ in dead]
        book = self.codebook.data if isinstance(self.codebook, nn.Parameter) else self.codebook
        rows = torch.tensor(dead, device=pool.device)
        chosen = pool[torch.tensor(picks, device=pool.device)]
        book[rows] = chosen
        self.usage[rows] = self.dead_threshold * 2
        if self.ema:
            self.ema_count[rows] = 1.0
            self.ema_sum[rows] = chosen
