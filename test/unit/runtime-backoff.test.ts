import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/core/backoff.ts';

describe('backoff', () => {
  it('backoff - doubles from baseMs, jitters within the upper half, caps at maxMs', () => {
    const lo = () => 0;
    const hi = () => 0.999999;
    expect([0, 1, 2, 3].map((r) => backoffMs(r, {}, lo))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((r) => backoffMs(r, {}, hi))).toEqual([100, 200, 400, 800]);
    expect(backoffMs(50, { maxMs: 5000 }, lo)).toBe(2500);
    expect(backoffMs(50, { maxMs: 5000 }, hi)).toBe(5000);
    expect(backoffMs(2, { baseMs: 10 }, () => 0.5)).toBe(30);
  });
});

describe('backoff - full jitter', () => {
  it('backoff - full jitter draws anywhere below the ceiling', () => {
    expect(backoffMs(3, { baseMs: 100, maxMs: 1000, jitter: 'full' }, () => 0)).toBe(0);
    expect(backoffMs(3, { baseMs: 100, maxMs: 1000, jitter: 'full' }, () => 0.5)).toBe(400); // ceiling min(1000, 800)
    expect(backoffMs(9, { baseMs: 100, maxMs: 1000, jitter: 'full' }, () => 0.999)).toBe(999);
  });
});
