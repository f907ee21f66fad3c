import { describe, it, expect } from 'vitest';
import { pooledDim } from './pool-shape';

describe('pooledDim', () => {
  it('follows the valid / same formulas and stays symbolic', () => {
    expect(pooledDim(28, 2, 2, 'valid')).toBe(14);
    expect(pooledDim(7, 3, 2, 'valid')).toBe(3);
    expect(pooledDim(7, 2, 2, 'same')).toBe(4);
    expect(pooledDim(7, 3, 1, 'same')).toBe(7);
    expect(pooledDim('H', 2, 2, 'valid')).toBe('H/2');
    expect(pooledDim('H', 3, 1, 'valid')).toBe('H-2');
    expect(pooledDim('H', 3, 2, 'valid')).toBe('(H-3)/2+1');
    expect(pooledDim('H', 3, 2, 'same')).toBe('H/2');
  });
});
