# PyTorch peers of the shipped templates' training steps for the bench's models section
# (main/engine/bench/models-bench.ts): `torch-models-peer.py MODEL B STEPS THREADS` with MODEL one of
#   conv-autoencoder  templates/conv-autoencoder.json: Conv2D 16 / 32 (3x3, stride 2, ReLU),
#                     ConvTranspose2D 16 (4x4, stride 2, ReLU) and 1 (4x4, stride 2, sigmoid),
#                     MSE against the input, Adam lr 1e-3.
#   dcgan             templates/dcgan.json (features 32, kernel 4, z 64): generator Dense 64 -> 7x7x64,
#                     BatchNorm, ReLU, ConvTranspose2D 32, BatchNorm, ReLU, ConvTranspose2D 1, sigmoid;
#                     critic Conv2D 32, LeakyReLU 0.2, Conv2D 64, BatchNorm (batch statistics),
#                     LeakyReLU 0.2, Dense 1; non-saturating loss; one step = the D objective then the
#                     G objective (fresh z each), each Adam lr 2e-4, betas (0.5, 0.999), updating only
#                     its own module's weights (the critic's are frozen in the G step, as in Tessera).
#   char-gpt          templates/char-gpt.json: Embedding 73 x 128 + learned positions (64) -> 4 pre-norm
#                     blocks (LayerNorm, 4-head causal self-attention with q/k/v/o biases, residual;
#                     LayerNorm, Dense 512, exact GELU, Dense 128, residual) -> LayerNorm -> Dense 73,
#                     cross-entropy over every position, Adam lr 1e-3, global-norm clipping at 1.
#   ddpm              runs torch-unet-peer.py (the ddpm template's UNet step) with B STEPS THREADS.
# Tensors are NCHW here (the engine is NHWC); data is random of the template's shapes and ranges
# (timing only). 2 warm-up steps, then STEPS timed ones. Prints one JSON line: torch, blas,
# parallel, threads, batch, ms, cpu_ms (medians), params (counts by group, the same groups as the
# Tessera side of models-bench.ts).
import json
import math
import sys
from pathlib import Path

if len(sys.argv) > 1 and sys.argv[1] == "ddpm":
    import runpy

    sys.argv = [sys.argv[0], *sys.argv[2:]]
    runpy.run_path(str(Path(__file__).with_name("torch-unet-peer.py")), run_name="__main__")
    sys.exit(0)

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_timing import blas_line, parallel_line, timed, use_threads

MODEL = sys.argv[1] if len(sys.argv) > 1 else "conv-autoencoder"
B = int(sys.argv[2]) if len(sys.argv) > 2 else 32
STEPS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
THREADS = int(sys.argv[4]) if len(sys.argv) > 4 else 1
WARMUP = 2
use_threads(THREADS)
torch.manual_seed(0)
count = lambda ps: sum(p.numel() for p in ps)


# --- conv-autoencoder ---------------------------------------------------------------------------
class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1, self.enc2 = nn.Conv2d(1, 16, 3, 2, 1), nn.Conv2d(16, 32, 3, 2, 1)
        self.dec1, self.dec2 = nn.ConvTranspose2d(32, 16, 4, 2, 1), nn.ConvTranspose2d(16, 1, 4, 2, 1)

    def forward(self, x):
        h = F.relu(self.enc2(F.relu(self.enc1(x))))
        return torch.sigmoid(self.dec2(F.relu(self.dec1(h))))


def conv_autoencoder():
    ae = ConvAutoencoder()
    opt = torch.optim.Adam(ae.parameters(), 1e-3, betas=(0.9, 0.999), eps=1e-8)
    x = torch.rand(B, 1, 28, 28)

    def step():
        opt.zero_grad()
        F.mse_loss(ae(x), x).backward()
        opt.step()

    return step, {"model": count(ae.parameters())}


# --- dcgan ----------------------------------------------------------------------------------------
Z, FEAT = 64, 32


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(Z, 7 * 7 * 2 * FEAT)
        self.bn0 = nn.BatchNorm2d(2 * FEAT, eps=1e-5, momentum=0.1)
        self.up1 = nn.ConvTranspose2d(2 * FEAT, FEAT, 4, 2, 1)
        self.bn1 = nn.BatchNorm2d(FEAT, eps=1e-5, momentum=0.1)
        self.up2 = nn.ConvTranspose2d(FEAT, 1, 4, 2, 1)

    def forward(self, z):
        h = F.relu(self.bn0(self.dense(z).view(-1, 2 * FEAT, 7, 7)))
        return torch.sigmoid(self.up2(F.relu(self.bn1(self.up1(h)))))


class Critic(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, FEAT, 4, 2, 1), nn.Conv2d(FEAT, 2 * FEAT, 4, 2, 1)
        self.bn = nn.BatchNorm2d(2 * FEAT, eps=1e-5, momentum=0.1)
        self.dense = nn.Linear(7 * 7 * 2 * FEAT, 1)

    def forward(self, x):
        h = F.leaky_relu(self.conv1(x), 0.2)
        h = F.leaky_relu(self.bn(self.conv2(h)), 0.2)
        return self.dense(h.flatten(1))


def dcgan():
    g, d = Generator(), Critic()
    opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999), eps=1e-8)
    opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999), eps=1e-8)
    real = torch.rand(B, 1, 28, 28)

    def step():
        opt_d.zero_grad()
        with torch.no_grad():
            fake = g(torch.randn(B, Z))
        (F.softplus(-d(real)).mean() + F.softplus(d(fake)).mean()).backward()
        opt_d.step()
        opt_g.zero_grad()
        d.requires_grad_(False)
        F.softplus(-d(g(torch.randn(B, Z)))).mean().backward()
        d.requires_grad_(True)
        opt_g.step()

    return step, {"generator": count(g.parameters()), "critic": count(d.parameters())}


# --- char-gpt -------------------------------------------------------------------------------------
VOCAB, WIDTH, HEADS, CONTEXT, LAYERS = 73, 128, 4, 64, 4


class CausalSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(WIDTH, WIDTH) for _ in range(4))
        self.register_buffer("mask", torch.tril(torch.ones(CONTEXT, CONTEXT, dtype=torch.bool)))

    def forward(self, x):
        b, n, w = x.shape
        split = lambda t: t.view(b, n, HEADS, w // HEADS).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        s = (q @ k.transpose(-1, -2)) / math.sqrt(w // HEADS)
        s = s.masked_fill(~self.mask[:n, :n], float("-inf"))
        return self.o((s.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.attn = nn.LayerNorm(WIDTH, eps=1e-5), CausalSelfAttention()
        self.ln2 = nn.LayerNorm(WIDTH, eps=1e-5)
        self.fc1, self.fc2 = nn.Linear(WIDTH, 4 * WIDTH), nn.Linear(4 * WIDTH, WIDTH)

    def forward(self, x):
        h = x + self.attn(self.ln1(x))
        return h + self.fc2(F.gelu(self.fc1(self.ln2(h))))


class CharGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, WIDTH)
        self.positions = nn.Parameter(torch.randn(CONTEXT, WIDTH) * 0.02)
        self.blocks = nn.Sequential(*(Block() for _ in range(LAYERS)))
        self.ln_f, self.head = nn.LayerNorm(WIDTH, eps=1e-5), nn.Linear(WIDTH, VOCAB)

    def forward(self, tokens):
        return self.head(self.ln_f(self.blocks(self.embed(tokens) + self.positions[None])))


def char_gpt():
    gpt = CharGpt()
    params = list(gpt.parameters())
    opt = torch.optim.Adam(params, 1e-3, betas=(0.9, 0.999), eps=1e-8)
    tokens = torch.randint(0, VOCAB, (B, CONTEXT))
    targets = torch.randint(0, VOCAB, (B, CONTEXT))

    def step():
        opt.zero_grad()
        F.cross_entropy(gpt(tokens).view(-1, VOCAB), targets.view(-1)).backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

    return step, {"gpt": count(params)}


MODELS = {"conv-autoencoder": conv_autoencoder, "dcgan": dcgan, "char-gpt": char_gpt}
if MODEL not in MODELS:
    sys.exit(f"torch-models-peer.py: unknown model '{MODEL}'; use one of {', '.join([*MODELS, 'ddpm'])}")
step_fn, params = MODELS[MODEL]()
ms, cpu = timed(step_fn, STEPS, WARMUP)
parallel = parallel_line()
print(json.dumps({"torch": torch.__version__, "blas": blas_line(), "parallel": parallel, "model": MODEL,
                  "threads": torch.get_num_threads(), "batch": B, "ms": ms, "cpu_ms": cpu, "params": params}))
