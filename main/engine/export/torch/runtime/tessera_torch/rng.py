"""The app's seeded RNG (sfc32, main/engine/train/rng.ts), so a run draws the same batches, and
mulberry32 (nodes/shared/seeded-random.ts), which MADE's degrees and the procedural datasets use.

Every draw matches the TypeScript version bit for bit: `next()` in [0, 1), `int(n)`,
`seed()` (what noise nodes consume to seed their generator).
"""

M32 = 0xFFFFFFFF


class Sfc32:
    def __init__(self, seed: int):
        self.a, self.b, self.c = 0x9E3779B9, 0x243F6A88, 0xB7E15162
        self.d = seed & M32
        for _ in range(15):
            self.next32()

    def next32(self) -> int:
        a, b, c, d = self.a, self.b, self.c, self.d
        t = (a + b) & M32
        a = b ^ (b >> 9)
        b = (c + (c << 3)) & M32
        c = ((c << 21) | (c >> 11)) & M32
        d = (d + 1) & M32
        t = (t + d) & M32
        c = (c + t) & M32
        self.a, self.b, self.c, self.d = a, b, c, d
        return t

    def next(self) -> float:
        return self.next32() / 4294967296

    def int(self, n: int) -> int:
        return int(self.next() * n)

    def seed(self) -> int:
        return (self.next32() % 2147483646) + 1

    def get_state(self) -> list:
        return [self.a, self.b, self.c, self.d]

    def set_state(self, state) -> None:
        self.a, self.b, self.c, self.d = (int(v) & M32 for v in state)


def _imul(a: int, b: int) -> int:
    return (a * b) & M32


def mulberry32(seed: int):
    """nodes/shared/seeded-random.ts mulberry32: uniform doubles in [0, 1)."""
    state = [seed & M32]

    def next_value() -> float:
        state[0] = (state[0] + 0x6D2B79F5) & M32
        t = state[0]
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return next_value
