import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/scheduler/backoff.ts';

describe('scheduler backoff', () => {
  it('scheduler backoff - doubles from baseMs, jitters within the upper half, caps at maxMs', () => {
    const lo = () => 0;
    const hi = () => 0.999999;
    expect([0, 1, 2, 3].map((r) => backoffMs(r, {}, lo))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((r) => backoffMs(r, {}, hi))).toEqual([100, 200, 400, 800]);
    expect(backoffMs(50, { maxMs: 5000 }, lo)).toBe(2500);
    expect(backoffMs(50, { maxMs: 5000 }, hi)).toBe(5000);
    expect(backoffMs(2, { baseMs: 10 }, () => 0.5)).toBe(30);
  });
});
