"""DETR's nodes (nodes/detection/): the procedural shapes dataset, the 2-D sine positions and the
Hungarian set loss. b batch, q queries, k1 classes + 1 (no object), m target slots (padded).

The scenes are drawn as the app draws them (shapes-scene.ts: mulberry32 seeded by (seed, split,
index)); the matching is the app's exact assignment (hungarian.ts, Jonker-Volgenant) on the
float32 values, so the same queries are matched to the same targets.
"""
import math

import numpy as np
import torch

from .rng import M32, _imul, mulberry32

SPLIT_SALT = {"train": 0x9E3779B1, "test": 0x85EBCA77}


def _rand_int(nxt, lo, hi):
    return lo + math.floor(nxt() * (hi - lo + 1))


def scene_seed(seed: int, split: str, index: int) -> int:
    h = (seed ^ SPLIT_SALT[split]) & M32
    h = _imul(h ^ ((index + 0x632BE5AB) & M32), 0x85EBCA6B)
    h = _imul(h ^ (h >> 13), 0xC2B2AE35)
    return (h ^ (h >> 16)) & M32


def _inside(cls, u, v):
    if cls == 0:  # circle
        return (u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.25
    if cls == 1:  # square
        return True
    if cls == 2:  # triangle, apex up
        return abs(u - 0.5) <= v / 2
    return abs(u - 0.5) + abs(v - 0.5) <= 0.5  # diamond


def _disjoint(a, b):
    return a[2] < b[0] - 1 or b[2] < a[0] - 1 or a[3] < b[1] - 1 or b[3] < a[1] - 1


def draw_scene(o: dict, split: str, index: int):
    """(image [s, s, 3] float32, [(label, box)]) of scene `index` (shapes-scene.ts drawScene)."""
    nxt = mulberry32(scene_seed(o["seed"], split, index))
    s = o["size"]
    bg = [nxt() * 0.2, nxt() * 0.2, nxt() * 0.2]
    image = np.empty((s, s, 3), dtype=np.float64)
    image[:, :] = bg
    wanted = _rand_int(nxt, o["minObjects"], o["maxObjects"])
    objects, frames = [], []
    tries = 0
    while len(objects) < wanted and tries < 200:
        tries += 1
        side = _rand_int(nxt, o["minSide"], min(o["maxSide"], s))
        x0, y0 = _rand_int(nxt, 0, s - side), _rand_int(nxt, 0, s - side)
        label = _rand_int(nxt, 0, o["classes"] - 1)
        colour = [0.45 + 0.55 * nxt(), 0.45 + 0.55 * nxt(), 0.45 + 0.55 * nxt()]
        frame = (x0, y0, x0 + side - 1, y0 + side - 1)
        if not all(_disjoint(f, frame) for f in frames):
            continue
        px0, py0, px1, py1 = s, s, -1, -1
        for y in range(y0, y0 + side):
            for x in range(x0, x0 + side):
                if not _inside(label, (x - x0 + 0.5) / side, (y - y0 + 0.5) / side):
                    continue
                image[y, x] = colour
                px0, py0, px1, py1 = min(px0, x), min(py0, y), max(px1, x), max(py1, y)
        bx0, by0, bx1, by1 = px0 / s, py0 / s, (px1 + 1) / s, (py1 + 1) / s
        box = [bx0, by0, bx1, by1] if o["boxFormat"] == "xyxy" else [(bx0 + bx1) / 2, (by0 + by1) / 2, bx1 - bx0, by1 - by0]
        frames.append((px0, py0, px1, py1))
        objects.append((label, box))
    return image.astype(np.float32), objects


def shapes_batch(o: dict, sampler):
    """detection/shapes-dataset: (image [b, s, s, 3], boxes [b, m, 4], labels [b, m], mask [b, m])."""
    b, m, s = sampler.batch_size, o["maxObjects"], o["size"]
    split = "train" if sampler.split == "train" else "test"
    count = o["trainImages"] if split == "train" else o["testImages"]
    images = np.zeros((b, s, s, 3), dtype=np.float32)
    boxes = np.zeros((b, m, 4), dtype=np.float32)
    labels = np.full((b, m), o["classes"], dtype=np.int64)
    mask = np.zeros((b, m), dtype=np.float32)
    for i in range(b):
        image, objects = draw_scene(o, split, sampler.rng.int(count))
        images[i] = image
        for k, (label, box) in enumerate(objects):
            boxes[i, k], labels[i, k], mask[i, k] = box, label, 1
    to = lambda a: torch.from_numpy(a).to(sampler.device)  # noqa: E731
    return to(images), to(boxes), to(labels), to(mask)


def sine_position_2d(x, temperature):
    """detection/sine-position-2d (DETR's PositionEmbeddingSine, normalize=True): x + PE, x [b, h, w, c]."""
    _, h, w, c = x.shape
    half = c // 2
    freq = np.array([math.pow(temperature, (2 * (i // 2)) / half) for i in range(half)])
    y = ((np.arange(h) + 1) / h * 2 * math.pi).reshape(h, 1, 1) / freq
    xs = ((np.arange(w) + 1) / w * 2 * math.pi).reshape(1, w, 1) / freq
    even = (np.arange(half) % 2 == 0)
    py = np.where(even, np.sin(y), np.cos(y))
    px = np.where(even, np.sin(xs), np.cos(xs))
    table = np.concatenate([np.broadcast_to(py, (h, w, half)), np.broadcast_to(px, (h, w, half))], axis=2)
    return x + torch.from_numpy(table.astype(np.float32)).to(x.device)


def _xyxy(b, fmt):
    a, c, d, e = b
    return (a, c, d, e) if fmt == "xyxy" else (a - d / 2, c - e / 2, a + d / 2, c + e / 2)


def _giou(a, b):
    def area(t):
        return max(0, t[2] - t[0]) * max(0, t[3] - t[1])

    iw = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = area(a) + area(b) - inter
    hull = area((min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])))
    i = inter / union if union > 0 else 0
    return i - (hull - union) / hull if hull > 0 else i


def linear_sum_assignment(cost, n, m):
    """hungarian.ts solveWide (n <= m): for each row the column it is assigned to."""
    inf = math.inf
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                cur = cost[(i0 - 1) * m + (j - 1)] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j], way[j] = cur, j0
                if minv[j] < delta:
                    delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    row_to_col = [-1] * n
    for j in range(1, m + 1):
        if p[j] > 0:
            row_to_col[p[j] - 1] = j - 1
    return row_to_col


def _match_image(probs, boxes, t_boxes, t_labels, t_mask, w, pred_fmt, target_fmt):
    """set-matching.ts matchImage: C[q, j] = -w_class p_q(c_j) + w_L1 |b_q - b_j|_1 - w_GIoU GIoU."""
    q, m = boxes.shape[0], t_labels.shape[0]
    real = [j for j in range(m) if t_mask[j] > 0]
    match = [-1] * m
    if not real:
        return match
    pred_xy = [_xyxy(boxes[i], pred_fmt) for i in range(q)]
    cost = []
    for j in real:
        tb = t_boxes[j]
        tb_xy = _xyxy(tb, target_fmt)
        label = int(t_labels[j])
        for i in range(q):
            l1 = sum(abs(boxes[i][c] - tb[c]) for c in range(4))
            cost.append(-w["classWeight"] * probs[i][label] + w["l1Weight"] * l1 - w["giouWeight"] * _giou(pred_xy[i], tb_xy))
    for r, col in zip(real, linear_sum_assignment(cost, len(real), q)):
        match[r] = col
    return match


def _xyxy_tensor(t, fmt):
    if fmt == "xyxy":
        return t
    c, s = t[..., :2], t[..., 2:]
    return torch.cat([c - s * 0.5, c + s * 0.5], -1)


def _giou_tensor(a, b, eps=1e-7):
    def prod(t):
        t = torch.relu(t)
        return t[..., 0] * t[..., 1]

    area_a, area_b = prod(a[..., 2:] - a[..., :2]), prod(b[..., 2:] - b[..., :2])
    inter = prod(torch.minimum(a[..., 2:], b[..., 2:]) - torch.maximum(a[..., :2], b[..., :2]))
    union = area_a + area_b - inter
    hull = prod(torch.maximum(a[..., 2:], b[..., 2:]) - torch.minimum(a[..., :2], b[..., :2]))
    return inter / (union + eps) - (hull - union) / (hull + eps)


def hungarian_loss(logits, boxes, t_boxes, t_labels, t_mask, p):
    """detection/hungarian-loss (Carion et al. 2020, eq. 2): (loss, classLoss, l1, giou, match)."""
    b, q, k1 = logits.shape
    m = t_labels.shape[1]
    probs = torch.softmax(logits.detach(), -1).cpu().double().numpy()
    bv, tb = boxes.detach().cpu().double().numpy(), t_boxes.detach().cpu().double().numpy()
    tl, tm = t_labels.cpu().numpy(), t_mask.cpu().double().numpy()
    match = np.full((b, m), -1, dtype=np.int64)
    select = np.zeros((b, m, q), dtype=np.float32)
    class_target = np.zeros((b, q, k1), dtype=np.float32)
    class_weight = np.zeros((b, q), dtype=np.float32)
    num_boxes = 0
    for i in range(b):
        mi = _match_image(probs[i], bv[i], tb[i], tl[i], tm[i], p, p["predictionFormat"], p["targetFormat"])
        cls = [k1 - 1] * q
        for j, qi in enumerate(mi):
            if qi < 0:
                continue
            match[i, j], select[i, j, qi] = qi, 1
            cls[qi] = int(tl[i, j])
            num_boxes += 1
        for qi, c in enumerate(cls):
            class_target[i, qi, c] = 1
            class_weight[i, qi] = p["noObjectWeight"] if c == k1 - 1 else 1
    num_boxes = max(1, num_boxes)
    dev = logits.device
    w = torch.from_numpy(class_weight).to(dev)
    nll = -(torch.log_softmax(logits, -1) * torch.from_numpy(class_target).to(dev)).sum(-1)
    class_loss = (nll * w).sum() / w.sum()
    matched = torch.from_numpy(select).to(dev) @ boxes
    real = torch.from_numpy((match >= 0).astype(np.float32)).to(dev)
    same = p["predictionFormat"] == p["targetFormat"]
    l1_pred = matched if same else _xyxy_tensor(matched, p["predictionFormat"])
    l1_target = t_boxes if same else _xyxy_tensor(t_boxes, p["targetFormat"])
    l1 = ((l1_pred - l1_target).abs().sum(-1) * real).sum() / num_boxes
    g = _giou_tensor(_xyxy_tensor(matched, p["predictionFormat"]), _xyxy_tensor(t_boxes, p["targetFormat"]))
    giou_loss = ((1 - g) * real).sum() / num_boxes
    loss = class_loss * p["classWeight"] + l1 * p["l1Weight"] + giou_loss * p["giouWeight"]
    return loss, class_loss, l1, giou_loss, torch.from_numpy(match).to(dev)
