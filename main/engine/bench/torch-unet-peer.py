# PyTorch peer of the ddpm template's training step for `npm run bench -- --unet` (run through
# `torch-peer.py --unet B STEPS THREADS`): the same caption-conditioned UNet (scripts/diffusion/unets.ts:
# widths 16 / 32 / 64 at 28 / 14 / 7, ResBlocks with the time embedding, a SpatialTransformer with
# self- and cross-attention at 7 x 7, 4 heads, GroupNorm 8), the same text encoder (embedding +
# learned positions + one pre-norm transformer block + LayerNorm) and learned null embedding of
# Condition Dropout (p = 0.1), q_sample at a random t, eps-MSE, global-norm clipping at 1, Adam lr 5e-4.
# Tensors are NCHW here (the engine is NHWC); the parameter counts must match the template's.
# Prints one JSON line: torch, blas, parallel, threads, batch, ms, cpu_ms (medians), params.
import json
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_timing import blas_line, parallel_line, timed, use_threads

args = [a for a in sys.argv[1:] if a != "--unet"]
B = int(args[0]) if len(args) > 0 else 32
STEPS = int(args[1]) if len(args) > 1 else 5
THREADS = int(args[2]) if len(args) > 2 else 1
use_threads(THREADS)
torch.manual_seed(0)
T, L, VOCAB, W, HEADS, GROUPS = 1000, 7, 30, 32, 4, 8
TEMB, CTX = 2 * W, 64


class ResBlock(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(GROUPS, w), nn.Conv2d(w, w, 3, 1, 1)
        self.temb_proj = nn.Linear(TEMB, w)
        self.norm2, self.conv2 = nn.GroupNorm(GROUPS, w), nn.Conv2d(w, w, 3, 1, 1)

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x))) + self.temb_proj(F.silu(temb))[:, :, None, None]
        return x + self.conv2(F.silu(self.norm2(h)))


class Attention(nn.Module):
    """Multi-head attention with wq, wk, wv, wo and their biases; key_mask 1 = token, 0 = padding."""

    def __init__(self, w, ctx=None):
        super().__init__()
        ctx = ctx or w
        self.q, self.k, self.v, self.o = nn.Linear(w, w), nn.Linear(ctx, w), nn.Linear(ctx, w), nn.Linear(w, w)

    def forward(self, x, context=None, key_mask=None):
        context = x if context is None else context
        b, n, w = x.shape
        dh = w // HEADS
        split = lambda t: t.view(b, t.shape[1], HEADS, dh).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(context)), split(self.v(context))
        s = q @ k.transpose(-1, -2) / math.sqrt(dh)
        if key_mask is not None:
            s = s.masked_fill(key_mask[:, None, None, :] == 0, -1e9)
        return self.o((s.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w))


class SpatialTransformer(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.norm = nn.GroupNorm(GROUPS, w)
        self.ln1, self.self_attn = nn.LayerNorm(w), Attention(w)
        self.ln2, self.cross_attn = nn.LayerNorm(w), Attention(w, CTX)
        self.ln3, self.ff1, self.ff2 = nn.LayerNorm(w), nn.Linear(w, 4 * w), nn.Linear(4 * w, w)

    def forward(self, x, c, mask):
        b, w, hh, ww = x.shape
        h = self.norm(x).flatten(2).transpose(1, 2)
        h = h + self.self_attn(self.ln1(h))
        h = h + self.cross_attn(self.ln2(h), c, mask)
        h = h + self.ff2(F.gelu(self.ff1(self.ln3(h))))
        return x + h.transpose(1, 2).reshape(b, w, hh, ww)


def sinusoidal(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
    a = t.float()[:, None] * freqs[None]
    return torch.cat([torch.sin(a), torch.cos(a)], 1)


class UNet(nn.Module):
    def __init__(self, w=W):
        super().__init__()
        self.temb1, self.temb2 = nn.Linear(w, TEMB), nn.Linear(TEMB, TEMB)
        self.conv_in = nn.Conv2d(1, w // 2, 3, 1, 1)
        self.down28 = nn.Conv2d(w // 2, w, 3, 2, 1)
        self.down14_res, self.down14 = ResBlock(w), nn.Conv2d(w, 2 * w, 3, 2, 1)
        self.mid1, self.attn, self.mid2 = ResBlock(2 * w), SpatialTransformer(2 * w), ResBlock(2 * w)
        self.up14_proj, self.up14_res = nn.Conv2d(3 * w, w, 1), ResBlock(w)
        self.conv28 = nn.Conv2d(w + w // 2, w // 2, 1)
        self.norm_out, self.conv_out = nn.GroupNorm(GROUPS, w // 2), nn.Conv2d(w // 2, 1, 3, 1, 1)

    def forward(self, x, t, c, mask):
        temb = self.temb2(F.silu(self.temb1(sinusoidal(t, W))))
        h0 = self.conv_in(x)
        skip = self.down14_res(self.down28(h0), temb)
        h = self.mid1(self.down14(skip), temb)
        h = self.mid2(self.attn(h, c, mask), temb)
        h = self.up14_res(self.up14_proj(torch.cat([F.interpolate(h, scale_factor=2.0), skip], 1)), temb)
        h = self.conv28(torch.cat([F.interpolate(h, scale_factor=2.0), h0], 1))
        return self.conv_out(F.silu(self.norm_out(h)))


class TextEncoder(nn.Module):
    def __init__(self, w=CTX):
        super().__init__()
        self.embed, self.pos = nn.Embedding(VOCAB, w), nn.Parameter(torch.randn(L, w) * 0.02)
        self.ln1, self.attn = nn.LayerNorm(w), Attention(w)
        self.ln2, self.fc1, self.fc2 = nn.LayerNorm(w), nn.Linear(w, 4 * w), nn.Linear(4 * w, w)
        self.ln_out = nn.LayerNorm(w)

    def forward(self, tokens, mask):
        h = self.embed(tokens) + self.pos[None]
        h = h + self.attn(self.ln1(h), key_mask=mask)
        h = h + self.fc2(F.gelu(self.fc1(self.ln2(h))))
        return self.ln_out(h)


unet, text = UNet(), TextEncoder()
null = nn.Parameter(torch.zeros(L, CTX))
params = [*unet.parameters(), *text.parameters(), null]
opt = torch.optim.Adam(params, 5e-4)
abar = torch.cumprod(1 - torch.linspace(1e-4, 0.02, T), 0)
x0 = torch.rand(B, 1, 28, 28) * 2 - 1
tokens = torch.randint(1, VOCAB, (B, L))
mask = (torch.arange(L)[None] < torch.randint(3, L + 1, (B, 1))).float()


def step():
    opt.zero_grad()
    t = torch.randint(0, T, (B,))
    eps = torch.randn_like(x0)
    a = abar[t][:, None, None, None]
    xt = a.sqrt() * x0 + (1 - a).sqrt() * eps
    drop = (torch.rand(B) < 0.1).float()
    c = text(tokens, mask)
    y = c * (1 - drop[:, None, None]) + null[None] * drop[:, None, None]
    m = mask * (1 - drop[:, None]) + drop[:, None]
    loss = F.mse_loss(unet(xt, t, y, m), eps)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()


ms, cpu = timed(step, STEPS)
blas = blas_line()
parallel = parallel_line()
count = lambda ps: sum(p.numel() for p in ps)
print(json.dumps({"torch": torch.__version__, "blas": blas, "parallel": parallel, "threads": torch.get_num_threads(),
                  "batch": B, "ms": ms, "cpu_ms": cpu,
                  "params": {"unet": count(unet.parameters()), "text": count(text.parameters()), "null": null.numel()}}))
