# PyTorch peer for `npm run bench`: the same conv autoencoder (VQ) and DCGAN step as
# main/engine/bench/models/*.model.ts, batch 64, 28x28x1, Adam, on 1 CPU thread.
# `torch-peer.py --unet B STEPS THREADS` runs the UNet peer instead (torch-unet-peer.py).
# Prints one JSON line: {"torch", "threads", "batch", "ae_ms", "ae_cpu_ms", "dcgan_ms", "dcgan_cpu_ms"} (medians).
import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_timing import timed, use_threads

if "--unet" in sys.argv:  # `npm run bench -- --unet`: the ddpm template's UNet step (torch-unet-peer.py)
    import runpy
    from pathlib import Path

    runpy.run_path(str(Path(__file__).with_name("torch-unet-peer.py")), run_name="__main__")
    sys.exit(0)

use_threads(1)
torch.manual_seed(0)
B = int(sys.argv[1]) if len(sys.argv) > 1 else 64
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 5


class VQAE(nn.Module):
    def __init__(self, c1=32, k=64, d=16):
        super().__init__()
        c2 = 2 * c1
        self.e1 = nn.Conv2d(1, c1, 4, 2, 1)
        self.e2 = nn.Conv2d(c1, c2, 4, 2, 1)
        self.e3 = nn.Conv2d(c2, d, 1)
        self.codebook = nn.Parameter(torch.randn(k, d) * 0.1)
        self.d1 = nn.Conv2d(d, c2, 3, 1, 1)
        self.d2 = nn.ConvTranspose2d(c2, c1, 4, 2, 1)
        self.d3 = nn.ConvTranspose2d(c1, 1, 4, 2, 1)

    def loss(self, x):
        z = self.e3(F.relu(self.e2(F.relu(self.e1(x)))))
        zf = z.permute(0, 2, 3, 1).reshape(-1, z.shape[1])
        with torch.no_grad():
            dist = (zf ** 2).sum(1, keepdim=True) - 2 * zf @ self.codebook.t() + (self.codebook ** 2).sum(1)[None]
            idx = dist.argmin(1)
        q = self.codebook[idx]
        cb = ((q - zf.detach()) ** 2).mean()
        commit = ((zf - q.detach()) ** 2).mean()
        st = (zf + (q - zf).detach()).reshape(z.shape[0], 7, 7, -1).permute(0, 3, 1, 2)
        y = torch.sigmoid(self.d3(F.relu(self.d2(F.relu(self.d1(st))))))
        return ((y - x) ** 2).mean() + cb + 0.25 * commit


class G(nn.Module):
    def __init__(self, zd=100, c1=64):
        super().__init__()
        c2 = 2 * c1
        self.c2 = c2
        self.fc = nn.Linear(zd, 49 * c2, bias=False)
        self.bn0 = nn.BatchNorm1d(49 * c2)
        self.t1 = nn.ConvTranspose2d(c2, c1, 5, 2, 2, output_padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c1)
        self.t2 = nn.ConvTranspose2d(c1, 1, 5, 2, 2, output_padding=1)

    def forward(self, z):
        h = F.relu(self.bn0(self.fc(z))).view(-1, self.c2, 7, 7)
        return torch.tanh(self.t2(F.relu(self.bn1(self.t1(h)))))


class D(nn.Module):
    def __init__(self, c1=64):
        super().__init__()
        self.c1 = nn.Conv2d(1, c1, 5, 2, 2)
        self.c2 = nn.Conv2d(c1, 2 * c1, 5, 2, 2)
        self.fc = nn.Linear(49 * 2 * c1, 1)

    def forward(self, x):
        h = F.leaky_relu(self.c2(F.leaky_relu(self.c1(x), 0.2)), 0.2)
        return self.fc(h.flatten(1))


x = torch.rand(B, 1, 28, 28)
ae = VQAE()
ae_opt = torch.optim.Adam(ae.parameters(), 2e-3)


def ae_step():
    ae_opt.zero_grad()
    ae.loss(x).backward()
    ae_opt.step()


g, d = G(), D()
g_opt = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
d_opt = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
real = x * 2 - 1


def gan_step():
    d_opt.zero_grad()
    fake = g(torch.randn(B, 100)).detach()
    (F.softplus(-d(real)).mean() + F.softplus(d(fake)).mean()).backward()
    d_opt.step()
    g_opt.zero_grad()
    F.softplus(-d(g(torch.randn(B, 100)))).mean().backward()
    g_opt.step()


ae_ms, ae_cpu = timed(ae_step, STEPS)
gan_ms, gan_cpu = timed(gan_step, STEPS)
cfg = torch.__config__.show()
blas = next((p.split("=")[1] for p in cfg.replace(",", " ").split() if p.startswith("BLAS_INFO=")), "?")
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "batch": B, "blas": blas,
                  "ae_ms": ae_ms, "ae_cpu_ms": ae_cpu, "dcgan_ms": gan_ms, "dcgan_cpu_ms": gan_cpu}))
