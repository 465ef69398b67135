import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryLine } from '../../src/bus/nats-connect.ts';

describe('connect backoff', () => {
  it('backoff - doubles per attempt between half and all of the cap', () => {
    expect(backoffDelayMs(1, 200, 5000, () => 0)).toBe(100);
    expect(backoffDelayMs(1, 200, 5000, () => 1)).toBe(200);
    expect(backoffDelayMs(3, 200, 5000, () => 0)).toBe(400);
    expect(backoffDelayMs(3, 200, 5000, () => 1)).toBe(800);
  });
  it('backoff - never exceeds the maximum, even after many attempts', () => {
    for (const attempt of [6, 10, 100, 10_000]) {
      const d = backoffDelayMs(attempt, 200, 5000, Math.random);
      expect(d).toBeGreaterThanOrEqual(2500);
      expect(d).toBeLessThanOrEqual(5000);
    }
  });
  it('retry line - one line naming the server, the reason and the wait', () => {
    const err = new Error('CONNECTION_REFUSED\n    at stack frame');
    const line = retryLine('nats://h:4222', 3, 1234, err);
    expect(line).toBe('tribunal: nats at nats://h:4222 unreachable (CONNECTION_REFUSED); retry 3 in 1.2 s');
  });
});
