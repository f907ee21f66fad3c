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


class Conv2d(nn.Conv2d):
    """layers/conv2d: x [b, h, w, cin] -> [b, h', w', filters]."""

    def __init__(self, cin, filters, kernel, stride=1, padding="same", dilation=1, bias=True, init="glorot-uniform"):
        super().__init__(cin, filters, kernel, stride=stride, dilation=dilation, bias=bias)
        self.tf_padding = padding
        init_kernel(self.weight, init, kernel * kernel * cin, kernel * kernel * filters)
        _zero_bias(self)

    def forward(self, x):
        x = x.permute(0, 3, 1, 2)
        if self.tf_padding == "same":
            k, s, d = self.kernel_size[0], self.stride[0], self.dilation[0]
            top, bottom = tf_same_pads(x.shape[2], k, s, d)
            left, right = tf_same_pads(x.shape[3], k, s, d)
            x = F.pad(x, (left, right, top, bottom))
        return super().forward(x).permute(0, 2, 3, 1)


class ConvTranspose2d(nn.ConvTranspose2d):
    """layers/conv-transpose2d: x [b, h, w, cin] -> [b, h*s, w*s, filters] ('same') or [b, (h-1)s+k, ...]."""

    def __init__(self, cin, filters, kernel, stride=2, padding="same", bias=True, init="glorot-uniform"):
        super().__init__(cin, filters, kernel, stride=stride, bias=bias)
        self.tf_padding = padding
        init_kernel(self.weight, init, kernel * kernel * cin, kernel * kernel * filters)
        _zero_bias(self)

    def forward(self, x):
        x = x.permute(0, 3, 1, 2)
        k, s = self.kernel_size[0], self.stride[0]
        if self.tf_padding != "same":
            return super().forward(x).permute(0, 2, 3, 1)
        h, w = x.shape[2], x.shape[3]
        # The gradient of a 'same' conv from [h*s] to [h]: crop TensorFlow's pads off the full output.
        top, _ = tf_same_pads(h * s, k, s)
        left, _ = tf_same_pads(w * s, k, s)
        full_h, full_w = (h - 1) * s + k, (w - 1) * s + k
        extra = (max(h * s + top - full_h, 0), max(w * s + left - full_w, 0))
        y = F.conv_transpose2d(x, self.weight, self.bias, stride=s, output_padding=extra)
        return y[:, :, top : top + h * s, left : left + w * s].permute(0, 2, 3, 1)


def leaky_relu(x, alpha):
    return F.relu(x) - alpha * F.relu(-x)


def gelu(x, approximate):
    if approximate == "tanh":
        c = math.sqrt(2 / math.pi)
        return 0.5 * x * (1 + torch.tanh(c * (x + 0.044715 * x**3)))
    return 0.5 * x * (1 + torch.erf(x * math.sqrt(0.5)))


def bce_with_logits(logits, target):
    """max(l, 0) - l t + log(1 + exp(-|l|)), averaged over every element (loss/bce)."""
    return (F.relu(logits) - logits * target + torch.log1p(torch.exp(-logits.abs()))).mean()


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
