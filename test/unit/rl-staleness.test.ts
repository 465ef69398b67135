import { describe, expect, it } from 'vitest';
import { isStale, stalenessHistogram, stalenessOf } from '../../src/rl/staleness.ts';

describe('rl staleness', () => {
  it('staleness - stale only when learner - group > eta', () => {
    expect(stalenessOf(5, 7)).toBe(2);
    expect(isStale(5, 7, 1)).toBe(true); // 2 > 1
    expect(isStale(6, 7, 1)).toBe(false); // 1 > 1 is false
    expect(isStale(7, 7, 0)).toBe(false); // on-policy, eta 0
    expect(isStale(6, 7, 0)).toBe(true); // 1 > 0
  });

  it('staleness - rejects a bad eta', () => {
    expect(() => isStale(1, 2, -1)).toThrow(/eta/);
    expect(() => isStale(1, 2, 0.5)).toThrow(/eta/);
  });

  it('staleness - histogram counts per value in ascending order', () => {
    // 0 appears 3 times, 1, 2 and 10 once each
    const h = stalenessHistogram([2, 0, 1, 0, 0, 10]);
    expect(h).toEqual({ '0': 3, '1': 1, '2': 1, '10': 1 });
    expect(Object.keys(h)).toEqual(['0', '1', '2', '10']);
    expect(stalenessHistogram([])).toEqual({});
  });
});
