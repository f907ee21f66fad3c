"""Layers whose app semantics need more than one torch call. b batch, h w spatial, c channels.

Activations stay NHWC between nodes (the app's layout, so reshape/flatten/concat axes mean
the same thing); convolutions hold PyTorch-layout weights ([out, in, k, k]) and permute to
NCHW around the call. Padding follows TensorFlow: 'same' pads (total // 2) before and the rest
after, which is asymmetric for stride 2 (PyTorch's padding= is symmetric).
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from .modules import SharedModules, start_ema  # noqa: F401 (model.py uses L.SharedModules, L.start_ema)


def tf_same_pads(size: int, k: int, s: int, d: int = 1):
    eff = d * (k - 1) + 1
    out = -(-size // s)
    total = max((out - 1) * s + eff - size, 0)
    return total // 2, total - total // 2


def init_kernel(weight, init: str, fan_in: int, fan_out: int) -> None:
    """The app's kernel initialisers (nodes/layers/kernel-init.ts), fans counted as Keras does.

    Same distributions as the app, not the same values (different random streams); load an app
    checkpoint with --from-checkpoint for identical starting weights.
    """
    with torch.no_grad():
        if init == "he-normal":
            weight.normal_(0, math.sqrt(2 / fan_in))
        elif init == "normal-0.02":
            weight.normal_(0, 0.02)
        else:  # glorot-uniform
            limit = math.sqrt(6 / (fan_in + fan_out))
            weight.uniform_(-limit, limit)


def _zero_bias(layer) -> None:
    if layer.bias is not None:
        with torch.no_grad():
            layer.bias.zero_()


class Dense(nn.Linear):
    """layers/dense: x [..., cin] -> [..., units] (the app's kernel [cin, units] is weight.T)."""

    def __init__(self, cin, units, bias=True, init="glorot-uniform"):
        super().__init__(cin, units, bias=bias)
        init_kernel(self.weight, init, cin, units)
        _zero_bias(self)


def conv2d_nhwc(x, weight, bias, stride=1, padding="same", dilation=1):
    """x [b, h, w, cin] with a torch-layout weight [filters, cin, k, k] -> [b, h', w', filters], TF padding."""
    x = x.permute(0, 3, 1, 2)
    if padding == "same":
        k = weight.shape[2]
        top, bottom = tf_same_pads(x.shape[2], k, stride, dilation)
        left, right = tf_same_pads(x.shape[3], k, stride, dilation)
        x = F.pad(x, (left, right, top, bottom))
    return F.conv2d(x, weight, bias, stride=stride, dilation=dilation).permute(0, 2, 3, 1)


def conv_transpose2d_nhwc(x, weight, bias, stride=2, padding="same"):
    """x [b, h, w, cin] with a torch-layout weight [cin, filters, k, k] -> [b, h*s, w*s, filters] ('same')."""
    x = x.permute(0, 3, 1, 2)
    k, s = weight.shape[2], stride
    if padding != "same":
        return F.conv_transpose2d(x, weight, bias, stride=s).permute(0, 2, 3, 1)
    h, w = x.shape[2], x.shape[3]
    # The gradient of a 'same' conv from [h*s] to [h]: crop TensorFlow's pads off the full output.
    top, _ = tf_same_pads(h * s, k, s)
    left, _ = tf_same_pads(w * s, k, s)
    full_h, full_w = (h - 1) * s + k, (w - 1) * s + k
    extra = (max(h * s + top - full_h, 0), max(w * s + left - full_w, 0))
    y = F.conv_transpose2d(x, weight, bias, stride=s, output_padding=extra)
    return y[:, :, top : top + h * s, left : left + w * s].permute(0, 2, 3, 1)


class Conv2d(nn.Conv2d):
    """layers/conv2d: x [b, h, w, cin] -> [b, h', w', filters]."""

    def __init__(self, cin, filters, kernel, stride=1, padding="same", dilation=1, bias=True, init="glorot-uniform"):
        super().__init__(cin, filters, kernel, stride=stride, dilation=dilation, bias=bias)
        self.tf_padding = padding
        init_kernel(self.weight, init, kernel * kernel * cin, kernel * kernel * filters)
        _zero_bias(self)

    def forward(self, x):
        return conv2d_nhwc(x, self.weight, self.bias, self.stride[0], self.tf_padding, self.dilation[0])


class ConvTranspose2d(nn.ConvTranspose2d):
    """layers/conv-transpose2d: x [b, h, w, cin] -> [b, h*s, w*s, filters] ('same') or [b, (h-1)s+k, ...]."""

    def __init__(self, cin, filters, kernel, stride=2, padding="same", bias=True, init="glorot-uniform"):
        super().__init__(cin, filters, kernel, stride=stride, bias=bias)
        self.tf_padding = padding
        init_kernel(self.weight, init, kernel * kernel * cin, kernel * kernel * filters)
        _zero_bias(self)

    def forward(self, x):
        return conv_transpose2d_nhwc(x, self.weight, self.bias, self.stride[0], self.tf_padding)


def leaky_relu(x, alpha):
    return F.relu(x) - alpha * F.relu(-x)


def gelu(x, approximate):
    if approximate == "tanh":
        c = math.sqrt(2 / math.pi)
        return 0.5 * x * (1 + torch.tanh(c * (x + 0.044715 * x**3)))
    return 0.5 * x * (1 + torch.erf(x * math.sqrt(0.5)))


class _Softplus(torch.autograd.Function):
    """softplus(l) written as the app writes it, max(l, 0) + log(1 + exp(-|l|)), with the gradient
    sigmoid(l) everywhere: autograd of that formula gives relu'(0) = |.|'(0) = 0, a wrong gradient
    at l = 0 exactly (-t instead of 1/2 - t: every logit of a zero-initialised FVSBN)."""

    @staticmethod
    def forward(ctx, logits):
        ctx.save_for_backward(logits)
        return F.relu(logits) + torch.log1p(torch.exp(-logits.abs()))

    @staticmethod
    def backward(ctx, dy):
        (logits,) = ctx.saved_tensors
        return dy * torch.sigmoid(logits)


def softplus(logits):
    return _Softplus.apply(logits)


def bce_with_logits(logits, target):
    """max(l, 0) - l t + log(1 + exp(-|l|)), averaged over every element (loss/bce)."""
    return (softplus(logits) - logits * target).mean()


def upsample(x, factor, mode):
    """resample/upsample on NHWC: 'nearest' repeats pixels; 'bilinear' is half-pixel (align_corners=False)."""
    if mode == "nearest":
        return x.repeat_interleave(factor, dim=1).repeat_interleave(factor, dim=2)
    y = F.interpolate(x.permute(0, 3, 1, 2), scale_factor=factor, mode="bilinear", align_corners=False)
    return y.permute(0, 2, 3, 1)


def pool(x, kind, size, stride, padding):
    """resample/avg-pool and max-pool on NHWC, TensorFlow padding: 'same' pads asymmetrically;
    average pooling then divides by the real (unpadded) entries of each window, as tf.avgPool."""
    x = x.permute(0, 3, 1, 2)
    if padding == "same":
        top, bottom = tf_same_pads(x.shape[2], size, stride)
        left, right = tf_same_pads(x.shape[3], size, stride)
        pads = (left, right, top, bottom)
        if kind == "max":
            y = F.max_pool2d(F.pad(x, pads, value=-math.inf), size, stride)
        else:
            ones = torch.ones_like(x[:, :1])
            y = F.avg_pool2d(F.pad(x, pads), size, stride) / F.avg_pool2d(F.pad(ones, pads), size, stride)
    else:
        y = F.max_pool2d(x, size, stride) if kind == "max" else F.avg_pool2d(x, size, stride)
    return y.permute(0, 2, 3, 1)


class LayerNorm(nn.Module):
    """normalization/layer-norm over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta (biased var)."""

    def __init__(self, channels, eps):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.eps = eps

    def forward(self, x):
        mean = x.mean(dim=-1, keepdim=True)
        var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
        return (x - mean) * torch.rsqrt(var + self.eps) * self.gamma + self.beta


class RmsNorm(nn.Module):
    """normalization/rms-norm over the last axis: x / sqrt(mean(x^2) + eps) * gamma."""

    def __init__(self, channels, eps):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt((x**2).mean(dim=-1, keepdim=True) + self.eps) * self.gamma


class GroupNorm(nn.Module):
    """normalization/group-norm on [b, ..., c]: statistics per sample and group of c/g channels."""

    def __init__(self, channels, groups, eps):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.groups, self.eps = groups, eps

    def forward(self, x):
        b, c = x.shape[0], x.shape[-1]
        g = x.reshape(b, -1, self.groups, c // self.groups)
        mean = g.mean(dim=(1, 3), keepdim=True)
        var = ((g - mean) ** 2).mean(dim=(1, 3), keepdim=True)
        return ((g - mean) * torch.rsqrt(var + self.eps)).reshape(x.shape) * self.gamma + self.beta


def matmul(a, b, transpose_a, transpose_b):
    """math/matmul: a [..., M, K] x b [..., K, N]; a rank-2 b is shared over a's batch."""
    if transpose_a:
        a = a.transpose(-1, -2)
    if transpose_b:
        b = b.transpose(-1, -2)
    return torch.matmul(a, b)


class Embedding(nn.Module):
    """layers/embedding: int indices [...] -> rows of table [vocab, dim] -> [..., dim]."""

    def __init__(self, vocab, dim, init="normal-1"):
        super().__init__()
        self.table = nn.Parameter(torch.randn(vocab, dim) * (0.02 if init == "normal-0.02" else 1.0))

    def forward(self, indices):
        return F.embedding(indices.long(), self.table)


class BatchNorm(nn.Module):
    """normalization/batch-norm over every axis but the last: x [b, ..., c].

    Training (or use_running 'always-batch'): batch mean and biased variance; otherwise the running
    estimates. As in the app, the running statistics follow PyTorch's convention (running =
    (1 - momentum) running + momentum batch, unbiased batch variance) but are folded once per
    training step, from the layer's last training call, by after_step (run by the trainer after
    the optimizer step), not on every call as nn.BatchNorm2d does.
    """

    def __init__(self, channels, momentum, eps, use_running="auto"):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))
        self.momentum, self.eps, self.use_running = momentum, eps, use_running
        self._stash = None

    def forward(self, x):
        if not self.training and self.use_running != "always-batch":
            mean, var = self.running_mean, self.running_var
        else:
            axes = tuple(range(x.dim() - 1))
            mean = x.mean(dim=axes)
            var = ((x - mean) ** 2).mean(dim=axes)
            if self.training:
                self._stash = (mean.detach(), var.detach(), x.numel() // x.shape[-1])
        return (x - mean) * torch.rsqrt(var + self.eps) * self.gamma + self.beta

    @torch.no_grad()
    def after_step(self, sampler) -> None:
        if self._stash is None:
            return
        mean, var, n = self._stash
        m = self.momentum
        unbiased = n / (n - 1) if n > 1 else 1.0
        self.running_mean.mul_(1 - m).add_(mean * m)
        self.running_var.mul_(1 - m).add_(var * (m * unbiased))
        self._stash = None


def dropout(x, rate, sampler, training):
    """math/dropout, inverted: the app's mask (uniform draws >= rate, from one rng seed) scaled by 1/(1-rate)."""
    if not training or rate <= 0:
        return x
    keep = (sampler.rand(list(x.shape), 0.0, 1.0) >= rate).to(x.dtype)
    return x * (keep * (1 / (1 - rate)))


class Parameter(nn.Module):
    """math/parameter: one learned tensor `value` of a fixed shape."""

    def __init__(self, shape, init="normal-0.02"):
        super().__init__()
        if init == "zeros":
            v = torch.zeros(shape)
        elif init == "ones":
            v = torch.ones(shape)
        else:
            v = torch.randn(shape) * (1.0 if init == "normal-1" else 0.02)
        self.value = nn.Parameter(v)

    def forward(self):
        return self.value
