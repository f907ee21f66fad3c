"""data/action-streams: the app's procedural online-action-detection streams, generated the same
way (nodes/data/action-streams/action-streams.generate.ts, ported step by step: mulberry32 draws,
Box-Muller noise, segments of background and actions), so a window index gives the app's frames.

l stream length, f features, a actions (labels 1..a, 0 background), t window, q future frames.
"""
import math

import numpy as np

from .rng import M32, _imul, mulberry32

GAP_FRAMES = (6, 30)
ACTION_FRAMES = (12, 40)
MEAN_SCALE = 0.35
TRAJECTORY_SCALE = 1.2


def _gaussian(rand) -> float:
    u = max(rand(), 1e-12)
    return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * rand())


def _between(rand, lo: int, hi: int) -> int:
    return lo + math.floor(rand() * (hi - lo + 1))


def _stream_seed(seed: int, purpose: int) -> int:
    return (_imul(seed & M32, 0x9E3779B1) ^ _imul(purpose + 1, 0x85EBCA6B)) & M32


def _f32(values) -> list:
    """Float32Array.from: values rounded to float32 (read back as Python floats)."""
    return np.asarray(values, dtype=np.float32).astype(np.float64).tolist()


def _generators(c: dict):
    rand = mulberry32(_stream_seed(c["seed"], 0))
    gens = []
    for k in range(c["actions"] + 1):
        mean = _f32([_gaussian(rand) * (MEAN_SCALE / 2 if k == 0 else MEAN_SCALE) for _ in range(c["features"])])
        scale = 0 if k == 0 else TRAJECTORY_SCALE / math.sqrt(2)
        direction = _f32([_gaussian(rand) * scale for _ in range(c["features"])])
        gens.append((mean, direction, 1 if k == 0 else 6 + 3 * k))
    return gens


def _segments(c: dict, rand):
    segments, bag, t, length = [], [], 0, c["streamLength"]
    while t < length:
        gap = _between(rand, *GAP_FRAMES)
        segments.append((0, t, min(t + gap, length)))
        t += gap
        if t >= length:
            break
        if not bag:
            bag = list(range(1, c["actions"] + 1))
            for i in range(len(bag) - 1, 0, -1):
                j = math.floor(rand() * (i + 1))
                bag[i], bag[j] = bag[j], bag[i]
        n = _between(rand, *ACTION_FRAMES)
        segments.append((bag.pop(), t, min(t + n, length)))
        t += n
    return segments


def _stream(c: dict, gens, rand):
    f, length, blend, noise = c["features"], c["streamLength"], c["blend"], c["noise"]
    frames = np.zeros(length * f, dtype=np.float64)
    labels = np.zeros(length, dtype=np.int64)
    bg_mean = gens[0][0]
    for label, start, end in _segments(c, rand):
        mean, direction, period = gens[label]
        phase = rand() * 2 * math.pi
        for t in range(start, end):
            labels[t] = label
            w = 0 if label == 0 else min(1, (t - start + 1) / (blend + 1), (end - t) / (blend + 1))
            wave = math.sin((2 * math.pi * (t - start)) / period + phase)
            for d in range(f):
                action = mean[d] + wave * direction[d]
                frames[t * f + d] = (1 - w) * bg_mean[d] + w * action + noise * _gaussian(rand)
    return frames.astype(np.float32).reshape(length, f), labels


_cache = {}


def action_streams(c: dict, split: str):
    """(streams [(frames [l, f], labels [l])], window index [(stream, current frame)]) of a split."""
    key = (tuple(sorted(c.items())), split)
    if key not in _cache:
        gens = _generators(c)
        rand = mulberry32(_stream_seed(c["seed"], 1 if split == "train" else 2))
        count = c["trainStreams"] if split == "train" else c["testStreams"]
        streams = [_stream(c, gens, rand) for _ in range(count)]
        index = [(s, t) for s in range(count) for t in range(c["window"] - 1, c["streamLength"] - c["future"])]
        _cache[key] = (streams, index)
    return _cache[key]


def window_batch(c: dict, split: str, picks):
    """(frames [b, t, f], label [b], future [b, q]) of the picked windows (fillWindow)."""
    streams, index = action_streams(c, split)
    frames, label, future = [], [], []
    for p in picks:
        s, t = index[p]
        x, y = streams[s]
        frames.append(x[t - c["window"] + 1 : t + 1])
        label.append(y[t])
        future.append(y[t + 1 : t + 1 + c["future"]])
    return np.stack(frames), np.asarray(label, dtype=np.int64), np.stack(future)
