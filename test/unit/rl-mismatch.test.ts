import { describe, expect, it } from 'vitest';
import { mismatchStats } from '../../src/rl/mismatch.ts';

describe('rl mismatch', () => {
  it('mismatch - mean and max absolute log difference over all tokens', () => {
    // |(-1)-(-1.5)| = 0.5, |(-2)-(-2)| = 0, |(-0.5)-(-0.25)| = 0.25 -> mean 0.75/3 = 0.25, max 0.5
    const s = mismatchStats([[-1, -2], new Float32Array([-0.5])], [[-1.5, -2], new Float32Array([-0.25])]);
    expect(s).toEqual({ meanAbsLogDiff: 0.25, maxAbsLogDiff: 0.5, tokens: 3 });
  });

  it('mismatch - no tokens gives zeros', () => {
    expect(mismatchStats([], [])).toEqual({ meanAbsLogDiff: 0, maxAbsLogDiff: 0, tokens: 0 });
  });

  it('mismatch - rejects misaligned input', () => {
    expect(() => mismatchStats([[-1]], [])).toThrow(/sequences/);
    expect(() => mismatchStats([[-1, -2]], [[-1]])).toThrow(/sequence 0/);
  });
});
