# PyTorch peer of the softmax block of scripts/bench-attention-scaling.ts: the same
# y = x + MultiHeadAttention(LayerNorm(x)) (q, k, v, o projections with biases, causal mask,
# softmax(q k^T / sqrt(e)) v written with matmul as the app's node does), MSE to a fixed target,
# one Adam step, per sequence length n, with 1 and 2 threads.
# Usage: python3 torch-attention-peer.py '{"lengths": [128, 256], "width": 128, "heads": 4,
#   "batch": 1, "causal": true, "threads": [1, 2], "steps": 3, "max_step_ms": 20000}'
# Prints one JSON line: {"torch", "blas", "points": [{"threads", "n", "ms", "cpuMs"} or {"threads", "n", "skipped"}]}.
import json
import math
import sys
import time

import torch
import torch.nn as nn

from peer_timing import use_threads

cfg = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
LENGTHS = cfg.get("lengths", [128, 256, 512, 1024, 2048, 4096])
D = cfg.get("width", 128)
H = cfg.get("heads", 4)
B = cfg.get("batch", 1)
CAUSAL = cfg.get("causal", True)
THREADS = cfg.get("threads", [1, 2])
STEPS = cfg.get("steps", 3)
MAX_STEP_MS = cfg.get("max_step_ms", 20000)
BUDGET_MS = cfg.get("budget_ms", 6000)


class SoftmaxBlock(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.norm = nn.LayerNorm(d)
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))

    def forward(self, x):
        b, n, d = x.shape
        e = d // self.heads
        h = self.norm(x)

        def split(t):
            return t.view(b, n, self.heads, e).transpose(1, 2)

        q, k, v = split(self.q(h)), split(self.k(h)), split(self.v(h))
        scores = q @ k.transpose(-1, -2) / math.sqrt(e)
        if CAUSAL:
            mask = torch.ones(n, n, dtype=torch.bool).triu(1)
            scores = scores.masked_fill(mask, float("-inf"))
        out = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, d)
        return x + self.o(out)


def measure(n):
    torch.manual_seed(0)
    block = SoftmaxBlock(D, H)
    opt = torch.optim.Adam(block.parameters(), 1e-3)
    x = torch.randn(B, n, D)
    target = torch.randn(B, n, D)

    def step():
        opt.zero_grad()
        loss = ((block(x) - target) ** 2).mean()
        loss.backward()
        opt.step()
        return loss.item()

    step()  # warm-up
    times, cpus = [], []
    start = time.perf_counter()
    while len(times) < max(1, STEPS):
        t, c = time.perf_counter(), time.process_time()
        step()
        times.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
        if (time.perf_counter() - start) * 1000 > BUDGET_MS:
            break
    times.sort()
    cpus.sort()
    return times[len(times) // 2], cpus[len(cpus) // 2]


points = []
for threads in THREADS:
    use_threads(threads)
    prev, last, stopped = None, None, None
    for n in LENGTHS:
        if stopped is None and last is not None:
            ratio = last / prev if prev else 2
            predicted = last * min(4.5, max(2, ratio))
            if predicted > MAX_STEP_MS:
                stopped = f"time limit (predicted {predicted:.0f} ms/step > {MAX_STEP_MS})"
        if stopped is not None:
            points.append({"threads": threads, "n": n, "skipped": stopped})
            continue
        try:
            ms, cpu_ms = measure(n)
        except RuntimeError as e:  # out of memory on CPU is a RuntimeError
            stopped = f"failed: {str(e)[:100]}"
            points.append({"threads": threads, "n": n, "skipped": stopped})
            continue
        points.append({"threads": threads, "n": n, "ms": ms, "cpuMs": cpu_ms})
        prev, last = last, ms

conf = torch.__config__.show()
blas = next((p.split("=")[1] for p in conf.replace(",", " ").split() if p.startswith("BLAS_INFO=")), "?")
print(json.dumps({"torch": torch.__version__, "blas": blas, "points": points}))
