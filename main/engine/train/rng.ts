// The trainer's seeded RNG: sfc32 (Chris Doty-Humphrey's small fast counter generator),
// whose whole state is four 32-bit words, saved in checkpoints so a resume continues the
// same stream.
import type { Rng } from '../../../core/node-contract/node-definition';

export interface SeededRng extends Rng {
  getState(): number[];
  setState(state: readonly number[]): void;
}

export const createRng = (seed: number): SeededRng => {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next32();
  const next = (): number => next32() / 4294967296;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    seed: () => (next32() % 2147483646) + 1,
    getState: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
    setState: (s) => {
      [a = 0, b = 0, c = 0, d = 0] = s;
    },
  };
};
