"""VQGAN's nodes (nodes/vqgan/, nodes/transformer/, attention/self-attention-2d): the 2-D
self-attention block, LayerNorm, the token embedding, the GPT block and GPT prior, the PatchGAN
discriminator, the decoder's last layer with the adaptive GAN weight, and the codebook lookup.
b batch, h w spatial, c channels (NHWC), p = h*w positions, n tokens, d model dim, k codes.

Weights keep the app's names ('h0.attn.wq' is the parameter h0.attn.wq: the blocks are
submodules named as the app prefixes them; 'conv0.kernel' becomes conv0_kernel) and tfjs layouts
(kernels [k, k, in, out], dense [in, out]), so app checkpoints load unchanged. Initialisers draw
the app's distributions (not its values).
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from .layers import conv2d_nhwc, gelu
from .sequence import MultiHeadAttention


def _normal(shape, std, mean=0.0):
    return nn.Parameter(torch.randn(shape) * std + mean)


def _const(shape, value):
    return nn.Parameter(torch.full(shape, float(value)))


def layer_norm(x, gain, bias, eps=1e-5):
    """attention-ops.ts layerNorm: (x - mean) / sqrt(var + eps) * gain + bias over the last axis."""
    mean = x.mean(dim=-1, keepdim=True)
    centred = x - mean
    var = (centred**2).mean(dim=-1, keepdim=True)
    return centred / torch.sqrt(var + eps) * gain + bias


def group_norm(x, groups, gain, bias, eps=1e-5):
    """attention-ops.ts groupNorm on NHWC: statistics per sample over h, w and c/g channels."""
    b, h, w, c = x.shape
    g = x.reshape(b, h * w, groups, c // groups)
    centred = g - g.mean(dim=(1, 3), keepdim=True)
    var = (centred**2).mean(dim=(1, 3), keepdim=True)
    return (centred / torch.sqrt(var + eps)).reshape(b, h, w, c) * gain + bias


class SelfAttention2d(nn.Module):
    """attention/self-attention-2d (VQGAN's AttnBlock): y = x + W_o softmax(q k^T / sqrt(c)) v with
    q, k, v 1x1 maps of GroupNorm(x); returns (y [b, h, w, c], attention [b, p, p])."""

    def __init__(self, channels, groups):
        super().__init__()
        c, std = channels, 1 / math.sqrt(channels)
        self.groups = groups
        self.normGain, self.normBias = _const([c], 1), _const([c], 0)
        self.wq, self.wk, self.wv = _normal([c, c], std), _normal([c, c], std), _normal([c, c], std)
        self.bq, self.bk, self.bv = _const([c], 0), _const([c], 0), _const([c], 0)
        self.wo, self.bo = _normal([c, c], 0.1 * std), _const([c], 0)

    def forward(self, x):
        b, h, w, c = x.shape
        normed = group_norm(x, self.groups, self.normGain, self.normBias).reshape(b, h * w, c)
        q, k, v = normed @ self.wq + self.bq, normed @ self.wk + self.bk, normed @ self.wv + self.bv
        attention = torch.softmax((q @ k.transpose(-1, -2)) * (1 / math.sqrt(c)), dim=-1)
        projected = (attention @ v) @ self.wo + self.bo
        return x + projected.reshape(b, h, w, c), attention


class TokenEmbedding(nn.Module):
    """transformer/token-embedding (GPT): tokens [b, n] -> tokens[t] + positions[0:n], [b, n, d]."""

    def __init__(self, vocab, dim, max_length):
        super().__init__()
        self.tokens = _normal([vocab, dim], 0.02)
        self.positions = _normal([max_length, dim], 0.02)

    def forward(self, tokens):
        n = tokens.shape[1]
        if n > self.positions.shape[0]:
            raise ValueError(f"transformer/token-embedding: {n} tokens but maxLength is {self.positions.shape[0]}.")
        return F.embedding(tokens.long(), self.tokens) + self.positions[:n]


class GptBlock(nn.Module):
    """transformer/gpt-block (pre-LN, GPT-2): x += Attn(LN(x)) causal; x += MLP(LN(x)), tanh GELU.
    Residual projections start at 0.02 / sqrt(2 layers). Returns (y [b, n, d], attention [b, heads, n, n])."""

    def __init__(self, dim, heads, mlp_ratio, layers=1):
        super().__init__()
        residual = 0.02 / math.sqrt(2 * layers)
        self.heads = heads
        self.ln1Gain, self.ln1Bias = _const([dim], 1), _const([dim], 0)
        self.attn = MultiHeadAttention(dim, heads, True)
        with torch.no_grad():
            self.attn.wo.normal_(0, residual)
        self.ln2Gain, self.ln2Bias = _const([dim], 1), _const([dim], 0)
        self.w1, self.b1 = _normal([dim, mlp_ratio * dim], 0.02), _const([mlp_ratio * dim], 0)
        self.w2, self.b2 = _normal([mlp_ratio * dim, dim], residual), _const([dim], 0)

    def forward(self, x):
        attended, attention = self.attn(layer_norm(x, self.ln1Gain, self.ln1Bias))
        h = x + attended
        hidden = gelu(layer_norm(h, self.ln2Gain, self.ln2Bias) @ self.w1 + self.b1, "tanh")
        return h + (hidden @ self.w2 + self.b2), attention


class _FinalNorm(nn.Module):
    """The prior's final LayerNorm (weights lnf.gain, lnf.bias)."""

    def __init__(self, dim):
        super().__init__()
        self.gain, self.bias = _const([dim], 1), _const([dim], 0)


class GptPrior(nn.Module):
    """transformer/gpt-prior (Esser et al. 2021, sec. 3.2): codes [b, h, w] or [b, n] shifted right
    behind a start token (index k), token + position embeddings, GPT blocks, LayerNorm, a linear
    head; returns (logits [b, n, k], nll: the mean -log p(s_i | s_<i) in nats, attention of the last block)."""

    def __init__(self, codes, dim, layers, heads, mlp_ratio, max_length):
        super().__init__()
        self.k, self.layers = codes, layers
        self.embed = TokenEmbedding(codes + 1, dim, max_length)
        for i in range(layers):
            self.add_module(f"h{i}", GptBlock(dim, heads, mlp_ratio, layers))
        self.lnf = _FinalNorm(dim)
        self.head = _normal([dim, codes], 0.02)

    def forward(self, codes):
        b = codes.shape[0]
        codes = codes.reshape(b, -1).long()
        start = torch.full((b, 1), self.k, dtype=torch.long, device=codes.device)
        x = self.embed(torch.cat([start, codes[:, :-1]], dim=1))
        attention = None
        for i in range(self.layers):
            x, attention = getattr(self, f"h{i}")(x)
        logits = layer_norm(x, self.lnf.gain, self.lnf.bias) @ self.head
        logp = torch.log_softmax(logits, dim=-1)
        nll = -logp.gather(-1, codes.unsqueeze(-1)).mean()
        return logits, nll, attention


def patchgan_convs(channels, base, layers, norm):
    """patchgan-discriminator.layer.ts patchganConvs: (cin, cout, stride, norm, activation) per conv."""
    specs = [(channels, base, 2, False, True)]
    c = base
    for i in range(1, layers):
        nxt = base * min(2**i, 8)
        specs.append((c, nxt, 2, norm == "batch", True))
        c = nxt
    last = base * min(2**layers, 8)
    specs.append((c, last, 1, norm == "batch", True))
    specs.append((last, 1, 1, False, False))
    return specs


class PatchGan(nn.Module):
    """vqgan/patchgan-discriminator (Isola et al. 2017; taming's NLayerDiscriminator): 4x4 convs with
    padding 1, batch-statistics BatchNorm on the inner ones, LeakyReLU 0.2; returns (logits
    [b, gh, gw, 1], scores [b*gh*gw, 1])."""

    def __init__(self, channels, base, layers, norm):
        super().__init__()
        self.specs = patchgan_convs(channels, base, layers, norm)
        for i, (cin, cout, _, bn, _) in enumerate(self.specs):
            self.register_parameter(f"conv{i}_kernel", _normal([4, 4, cin, cout], 0.02))
            if bn:
                self.register_parameter(f"norm{i}_gain", _normal([cout], 0.02, 1.0))
                self.register_parameter(f"norm{i}_shift", _const([cout], 0))
            else:
                self.register_parameter(f"conv{i}_bias", _const([cout], 0))

    def forward(self, image):
        h = image
        for i, (_, _, stride, bn, act) in enumerate(self.specs):
            kernel = getattr(self, f"conv{i}_kernel").permute(3, 2, 0, 1)
            bias = None if bn else getattr(self, f"conv{i}_bias")
            h = conv2d_nhwc(F.pad(h, (0, 0, 1, 1, 1, 1)), kernel, bias, stride, "valid")
            if bn:
                mean = h.mean(dim=(0, 1, 2), keepdim=True)
                var = ((h - mean) ** 2).mean(dim=(0, 1, 2), keepdim=True)
                h = (h - mean) / torch.sqrt(var + 1e-5) * getattr(self, f"norm{i}_gain") + getattr(self, f"norm{i}_shift")
            if act:
                h = F.leaky_relu(h, 0.2)
        b, gh, gw, _ = h.shape
        return h, h.reshape(b * gh * gw, 1)


def kernel_grad_norm(x, dz, k):
    """||dL/dW|| for z = conv(x, W) ('same', stride 1) from its input x and dL/dz: torch.autograd.grad
    of the conv at x (linear in W, so taken at W = 0); last-layer-grad.ts convKernelGradNorm."""
    with torch.enable_grad():
        w = torch.zeros(dz.shape[-1], x.shape[-1], k, k, dtype=x.dtype, device=x.device, requires_grad=True)
        (g,) = torch.autograd.grad(conv2d_nhwc(x, w, None, 1, "same"), w, dz)
    return torch.sqrt((g * g).sum())


class _AdaptiveTaps(torch.autograd.Function):
    """The two identity taps of the last layer's output y: (image, imageForDisc). One backward sees
    the gradient arriving through each (None when that output is not on the loss's path): the norm
    of each one's kernel gradient gives lambda (eq. 7), and y receives dL/dimage + lambda dL/dimageForDisc.

    As in the app (adaptive-weight.layer.ts), lambda is a constant in the backward pass (detached),
    0 before discStart (the GAN term then passes no gradient), 1 * discWeight when no
    reconstruction gradient arrives, and kept in the layer's state to be output (a step late)."""

    @staticmethod
    def forward(ctx, y, x, slope, layer, on):
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(x, slope)
        ctx.layer, ctx.on = layer, on
        return y.clone(), y.clone()

    @staticmethod
    def backward(ctx, d_image, d_disc):
        x, slope = ctx.saved_tensors
        layer = ctx.layer
        if d_disc is None:
            return d_image, None, None, None, None
        # The app's lambda state is written by the backward pass that trains the decoder, where the
        # reconstruction's gradient arrives too; a pass without it (the discriminator's objective,
        # which in the app does not differentiate the decoder at all) leaves it alone.
        keep = d_image is not None
        if not ctx.on:
            if keep:
                layer.lam.zero_()
            return d_image, None, None, None, None
        gan = kernel_grad_norm(x, d_disc * slope, layer.k)
        ratio = kernel_grad_norm(x, d_image * slope, layer.k) / (gan + layer.eps) if keep else torch.ones((), dtype=gan.dtype, device=gan.device)
        lam = torch.clamp(ratio, 0, layer.max_weight) * layer.disc_weight
        if keep:
            layer.lam.copy_(lam)
        scaled = d_disc * lam
        return (d_image + scaled) if keep else scaled, None, None, None, None


class AdaptiveWeight(nn.Module):
    """vqgan/adaptive-weight: the decoder's last layer G_L (activation, k x k conv to the image
    channels, output activation) with VQGAN's adaptive weight lambda = ||grad_GL L_rec|| /
    (||grad_GL L_GAN|| + eps) (Esser et al. 2021, eq. 7), clipped to [0, maxWeight], times discWeight,
    0 before discStart (global step). Returns (image, imageForDisc, lambda of the last backward)."""

    def __init__(self, channels, out_channels, kernel, input_activation, out_activation, disc_start, disc_weight, max_weight, eps):
        super().__init__()
        self.k, self.input_activation, self.out_activation = kernel, input_activation, out_activation
        self.disc_start, self.disc_weight, self.max_weight, self.eps = disc_start, disc_weight, max_weight, eps
        self.kernel = _normal([kernel, kernel, channels, out_channels], math.sqrt(1 / (kernel * kernel * channels)))
        self.bias = _const([out_channels], 0)
        self.register_buffer("lam", torch.zeros(()))

    def forward(self, features, sampler):
        x = F.relu(features) if self.input_activation == "relu" else features
        z = conv2d_nhwc(x, self.kernel.permute(3, 2, 0, 1), self.bias, 1, "same")
        if self.out_activation == "sigmoid":
            y = torch.sigmoid(z)
        elif self.out_activation == "tanh":
            y = torch.tanh(z)
        else:
            y = z
        with torch.no_grad():
            if self.out_activation == "sigmoid":
                slope = y * (1 - y)
            elif self.out_activation == "tanh":
                slope = 1 - y * y
            else:
                slope = torch.ones_like(y)
        on = sampler.step >= self.disc_start
        image, for_disc = _AdaptiveTaps.apply(y, x.detach(), slope, self, on)
        return image, for_disc, self.lam.clone()


class CodebookLookup(nn.Module):
    """vqgan/codebook-lookup: code indices [b, h, w] -> code vectors [b, h, w, d] from a `codebook`
    input [k, d], or (mirror mode, no codebook) from the mean quantized vector of each code on data,
    kept in the state `mirror` (codes never seen stay 0; `seen` marks those seen)."""

    def __init__(self, codes, dim, mirror):
        super().__init__()
        self.k, self.d = codes, dim
        if mirror:
            self.register_buffer("mirror", torch.zeros(codes, dim))
            self.register_buffer("seen", torch.zeros(codes))
        else:
            self.mirror = None

    def forward(self, indices, codebook=None, quantized=None, source=None):
        if codebook is not None:
            return F.embedding(indices.long(), codebook)
        if self.mirror is None:
            raise ValueError("vqgan/codebook-lookup: connect codebook, or quantized + sourceIndices and set codebookSize.")
        if quantized is not None and source is not None:
            with torch.no_grad():
                one_hot = F.one_hot(source.reshape(-1).long(), self.k).to(quantized.dtype)
                counts = one_hot.sum(0)
                sums = one_hot.t() @ quantized.reshape(-1, self.d)
                present = (counts > 0).to(quantized.dtype).reshape(self.k, 1)
                means = sums / counts.clamp(min=1).reshape(self.k, 1)
                self.mirror.copy_(self.mirror * (1 - present) + means * present)
                self.seen.copy_(torch.maximum(self.seen, present.reshape(self.k)))
        return F.embedding(indices.long(), self.mirror)
