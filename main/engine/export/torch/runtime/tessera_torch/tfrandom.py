"""TensorFlow.js's seeded random streams, ported so an export draws the app's noise values.

The app's noise nodes, dropout and the gradient penalty call tf.randomNormal / tf.randomUniform
with a seed taken from the trainer's RNG (one `rng.seed()` per call). tfjs turns that seed into
seedrandom's Alea generator (Baagoe 2010); normal values come from the Marsaglia polar method
(tfjs-core/src/ops/rand_util.ts, MPRandGauss), uniform ones are min + range * alea(). JavaScript
numbers are IEEE doubles, as Python floats are, so the same arithmetic gives the same values
(rounded once to float32 when the tensor is made).
"""
import math

import numpy as np

_2_32 = 4294967296.0
_2_M32 = 2.3283064365386963e-10  # 2^-32


def _u32(x: float) -> int:
    """JavaScript's `x >>> 0` for a finite double."""
    return int(math.fmod(math.trunc(x), _2_32)) % 4294967296


def _i32(x: float) -> int:
    """JavaScript's `x | 0`."""
    v = _u32(x)
    return v - 4294967296 if v >= 2147483648 else v


class _Mash:
    def __init__(self):
        self.n = float(0xEFC8249D)

    def __call__(self, data: str) -> float:
        n = self.n
        for unit in _utf16_units(data):
            n += unit
            h = 0.02519603282416938 * n
            n = float(_u32(h))
            h -= n
            h *= n
            n = float(_u32(h))
            h -= n
            n += h * _2_32
        self.n = n
        return _u32(n) * _2_M32


def _utf16_units(text: str):
    for ch in text:
        cp = ord(ch)
        if cp < 0x10000:
            yield cp
        else:
            cp -= 0x10000
            yield 0xD800 + (cp >> 10)
            yield 0xDC00 + (cp & 0x3FF)


class Alea:
    """seedrandom.alea(seed): uniform doubles in [0, 1)."""

    def __init__(self, seed: str):
        mash = _Mash()
        self.c = 1.0
        self.s0, self.s1, self.s2 = mash(" "), mash(" "), mash(" ")
        self.s0 -= mash(seed)
        if self.s0 < 0:
            self.s0 += 1
        self.s1 -= mash(seed)
        if self.s1 < 0:
            self.s1 += 1
        self.s2 -= mash(seed)
        if self.s2 < 0:
            self.s2 += 1

    def __call__(self) -> float:
        t = 2091639 * self.s0 + self.c * _2_M32
        self.s0, self.s1 = self.s1, self.s2
        self.c = float(_i32(t))
        self.s2 = t - self.c
        return self.s2


def _seed_text(seed) -> str:
    """What `seed.toString()` gives in JavaScript for the integer seeds the app uses."""
    if isinstance(seed, float) and seed.is_integer():
        seed = int(seed)
    return str(seed)


def random_normal(shape, mean: float, std: float, seed) -> np.ndarray:
    """tf.randomNormal(shape, mean, std, 'float32', seed)."""
    n = int(np.prod(shape)) if len(shape) > 0 else 1
    rand = Alea(_seed_text(seed))
    out = np.empty(n, dtype=np.float64)
    i = 0
    while i < n:
        while True:
            v1 = 2 * rand() - 1
            v2 = 2 * rand() - 1
            s = v1 * v1 + v2 * v2
            if not (s >= 1 or s == 0):
                break
        mul = math.sqrt(-2.0 * math.log(s) / s)
        out[i] = mean + std * v1 * mul
        if i + 1 < n:
            out[i + 1] = mean + std * v2 * mul
        i += 2
    return out.astype(np.float32).reshape(shape)


def random_uniform(shape, low: float, high: float, seed) -> np.ndarray:
    """tf.randomUniform(shape, low, high, 'float32', seed)."""
    n = int(np.prod(shape)) if len(shape) > 0 else 1
    rand = Alea(_seed_text(seed))
    span = high - low
    out = np.fromiter((low + span * rand() for _ in range(n)), dtype=np.float64, count=n)
    return out.astype(np.float32).reshape(shape)
