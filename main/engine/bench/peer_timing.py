# Shared by the PyTorch peers of `npm run bench` (torch-peer.py, torch-models-peer.py,
# torch-unet-peer.py): the step timing and the BLAS / thread lines each peer reports. The peers run
# as scripts from this folder, so Python finds this module beside them.
import ctypes
import time
from pathlib import Path

import torch


def use_threads(n):
    """n threads for ATen and for the BLAS. Debian's torch calls libblas.so.3 (OpenBLAS, pthread),
    whose own pool torch.set_num_threads does not size: left alone it multiplies on every core,
    and a "1 thread" peer ran its matmuls on 2 (512^3: 176 GFLOP/s, CPU time 2x wall; pinned: 96)."""
    torch.set_num_threads(n)
    try:
        blas = ctypes.CDLL("libblas.so.3")
        if hasattr(blas, "openblas_set_num_threads"):
            blas.openblas_set_num_threads(n)
    except OSError:
        pass  # no libblas.so.3 (another build of torch): its BLAS follows torch's threads


def blas_threads():
    """OpenBLAS's thread count as it stands (None when the BLAS is not OpenBLAS)."""
    try:
        blas = ctypes.CDLL("libblas.so.3")
        return blas.openblas_get_num_threads() if hasattr(blas, "openblas_get_num_threads") else None
    except OSError:
        return None


def timed(step, n, warmup=1):
    """Median wall ms and median CPU ms (process time, all threads) of n steps after the warm-up."""
    for _ in range(warmup):
        step()
    ts, cs = [], []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        step()
        ts.append((time.perf_counter() - t) * 1000)
        cs.append((time.process_time() - c) * 1000)
    ts.sort()
    cs.sort()
    return ts[len(ts) // 2], cs[len(cs) // 2]


def blas_line():
    """torch.__config__.show()'s BLAS_INFO, resolved to the library Debian's libblas.so.3 points at."""
    cfg = torch.__config__.show()
    blas = next((p.split("=")[1] for p in cfg.replace(",", " ").split() if p.startswith("BLAS_INFO=")), "?")
    # Debian's build says BLAS_INFO=generic: it links libblas.so.3, which the alternatives system points at.
    libblas = Path("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    if blas == "generic" and libblas.exists():
        blas = f"generic, libblas.so.3 -> {libblas.resolve()}"
    if torch.backends.mkldnn.is_available():
        blas += "; oneDNN (MKL-DNN) enabled for convolutions"
    n = blas_threads()
    if n is not None:
        blas += f"; OpenBLAS pinned to {n} thread{'s' if n > 1 else ''} with torch's"
    return blas


def parallel_line():
    """The ATen / OpenMP / MKL lines of torch.__config__.parallel_info(), joined."""
    return " ".join(
        l.strip()
        for l in torch.__config__.parallel_info().splitlines()
        if l.strip().startswith(("ATen", "at::", "MKL", "OpenMP"))
    )
