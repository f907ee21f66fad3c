"""The GAN family nodes (nodes/gan/): DCGAN generator and discriminator, the adversarial losses and
the WGAN-GP gradient penalty. b batch, h w spatial, c channels (NHWC), f base feature maps.

Weights keep the app's names and tfjs layouts (kernels [k, k, in, out], transposed-conv kernels
[k, k, out, in], dense [in, out]) so app checkpoints load unchanged; each call permutes a kernel
to PyTorch's layout. Initialisers draw the app's distributions (not its values).
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from .layers import conv2d_nhwc, conv_transpose2d_nhwc


def _normal(shape, std):
    return nn.Parameter(torch.randn(shape) * std)


def _glorot(shape, fan_in, fan_out):
    a = math.sqrt(6 / (fan_in + fan_out))
    return nn.Parameter(torch.empty(shape).uniform_(-a, a))


def _batch_norm(x, gamma, beta, eps=1e-5):
    """Batch statistics over every axis but the last (gan-ops.ts batchNorm; no running estimates)."""
    axes = tuple(range(x.dim() - 1))
    mean = x.mean(dim=axes, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=axes, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * gamma + beta


def _activate(x, act, leak):
    if act == "relu":
        return F.relu(x)
    if act == "softplus":
        return F.softplus(x)
    return F.relu(x) - leak * F.relu(-x)  # leaky-relu, written as the app writes it


class DcganGenerator(nn.Module):
    """gan/dcgan-generator (Radford et al. 2016): z [b, zdim] -> dense -> [b, h/4, w/4, 2f] ->
    transposed conv (stride 2) -> [b, h/2, w/2, f] -> transposed conv -> [b, h, w, c]."""

    def __init__(self, z_dim, height, width, channels, base, kernel, batch_norm, output):
        super().__init__()
        self.h4, self.w4, self.f2 = height // 4, width // 4, 2 * base
        self.batch_norm, self.output = batch_norm, output
        k, n = kernel, self.h4 * self.w4 * self.f2
        self.denseW = _normal([z_dim, n], 0.02)
        self.denseB = nn.Parameter(torch.zeros(n))
        self.up1W = _normal([k, k, base, self.f2], 0.02)
        self.up1B = nn.Parameter(torch.zeros(base))
        self.up2W = _normal([k, k, channels, base], 0.02)
        self.up2B = nn.Parameter(torch.zeros(channels))
        if batch_norm:
            self.bn0Gamma, self.bn0Beta = nn.Parameter(torch.ones(self.f2)), nn.Parameter(torch.zeros(self.f2))
            self.bn1Gamma, self.bn1Beta = nn.Parameter(torch.ones(base)), nn.Parameter(torch.zeros(base))

    def _norm(self, x, i):
        if not self.batch_norm:
            return x
        return _batch_norm(x, getattr(self, f"bn{i}Gamma"), getattr(self, f"bn{i}Beta"))

    def forward(self, z):
        x = (z @ self.denseW + self.denseB).reshape(z.shape[0], self.h4, self.w4, self.f2)
        x = F.relu(self._norm(x, 0))
        x = conv_transpose2d_nhwc(x, self.up1W.permute(3, 2, 0, 1), self.up1B, 2, "same")
        x = F.relu(self._norm(x, 1))
        x = conv_transpose2d_nhwc(x, self.up2W.permute(3, 2, 0, 1), self.up2B, 2, "same")
        if self.output == "sigmoid":
            return torch.sigmoid(x)
        return torch.tanh(x) if self.output == "tanh" else x


class DcganDiscriminator(nn.Module):
    """gan/dcgan-discriminator / WGAN critic: two stride-2 convolutions (f, 2f) with an activation,
    optional batch norm after the second, then a dense layer to one score per image."""

    def __init__(self, height, width, channels, base, kernel, activation, leak, init, batch_norm, output_sigmoid):
        super().__init__()
        f, k, c = base, kernel, channels
        self.flat = math.ceil(math.ceil(height / 2) / 2) * math.ceil(math.ceil(width / 2) / 2) * 2 * f
        self.activation, self.leak, self.batch_norm, self.output_sigmoid = activation, leak, batch_norm, output_sigmoid

        def w(shape, fan_in, fan_out):
            return _glorot(shape, fan_in, fan_out) if init == "glorot" else _normal(shape, 0.02)

        self.conv1W = w([k, k, c, f], k * k * c, k * k * f)
        self.conv1B = nn.Parameter(torch.zeros(f))
        self.conv2W = w([k, k, f, 2 * f], k * k * f, k * k * 2 * f)
        self.conv2B = nn.Parameter(torch.zeros(2 * f))
        self.denseW = w([self.flat, 1], self.flat, 1)
        self.denseB = nn.Parameter(torch.zeros(1))
        if batch_norm:
            self.bnGamma, self.bnBeta = nn.Parameter(torch.ones(2 * f)), nn.Parameter(torch.zeros(2 * f))

    def forward(self, image):
        x = conv2d_nhwc(image, self.conv1W.permute(3, 2, 0, 1), self.conv1B, 2, "same")
        x = _activate(x, self.activation, self.leak)
        x = conv2d_nhwc(x, self.conv2W.permute(3, 2, 0, 1), self.conv2B, 2, "same")
        if self.batch_norm:
            x = _batch_norm(x, self.bnGamma, self.bnBeta)
        x = _activate(x, self.activation, self.leak)
        logit = x.reshape(image.shape[0], self.flat) @ self.denseW + self.denseB
        return torch.sigmoid(logit) if self.output_sigmoid else logit


def gan_loss(real, fake, mode, generator_weight):
    """gan/gan-loss on logits: (generatorLoss, discriminatorLoss, accuracy).

    Non-saturating (Goodfellow et al. 2014): L_D = softplus(-D(x)) + softplus(D(G(z))), L_G = softplus(-D(G(z)));
    hinge (Lim & Ye 2017): L_D = (relu(1 - D(x)) + relu(1 + D(G(z)))) / 2, L_G = -D(G(z)); means over the batch.
    """
    hinge = mode == "hinge"
    g = -fake.mean() if hinge else F.softplus(-fake).mean()
    g = generator_weight * g
    if real is None:
        return (g,)
    if hinge:
        d = 0.5 * (F.relu(1 - real).mean() + F.relu(1 + fake).mean())
    else:
        d = F.softplus(-real).mean() + F.softplus(fake).mean()
    right = (real > 0).float().sum() + (fake <= 0).float().sum()
    return g, d, right / (real.numel() + fake.numel())


def wasserstein_loss(real, fake):
    """gan/wasserstein-loss (Arjovsky et al. 2017): (criticLoss, generatorLoss, wasserstein)."""
    mean_fake = fake.mean()
    w = real.mean() - mean_fake
    return -w, -mean_fake, w


def gradient_penalty(critic, real, fake, lam, in_port, out_port, sampler):
    """gan/gradient-penalty (Gulrajani et al. 2017, Algorithm 1 lines 6-7): (penalty, gradNorm).

    x_hat = eps x + (1 - eps) G(z), eps ~ U[0, 1] per sample (the app's draw); the critic's gradient
    w.r.t. x_hat by torch.autograd.grad with create_graph, so the optimizer differentiates it.
    """
    eps = sampler.rand([real.shape[0]] + [1] * (real.dim() - 1), 0.0, 1.0)
    x_hat = eps * real + (1 - eps) * fake
    if not x_hat.requires_grad:
        x_hat.requires_grad_(True)
    score = critic(sampler, {in_port: x_hat})[out_port]
    (grad,) = torch.autograd.grad(score.sum(), x_hat, create_graph=True)
    norm = torch.sqrt((grad**2).sum(dim=tuple(range(1, grad.dim()))) + 1e-12)
    return lam * ((norm - 1) ** 2).mean(), norm.mean()
