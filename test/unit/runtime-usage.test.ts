import { describe, expect, it } from 'vitest';
import { runUsageTotal } from '../../src/runtime/usage.ts';

describe('usage - per run totals', () => {
  it('usage - numeric fields are summed per engine role across actors', () => {
    const total = runUsageTotal([
      { usage: { judge: { requests: 10, promptTokens: 1000, note: 'x' } } },
      { usage: { judge: { requests: 5, promptTokens: 300 }, sampler: { requests: 2 } } },
    ]);
    expect(total).toEqual({ judge: { requests: 15, promptTokens: 1300 }, sampler: { requests: 2 } });
  });
});
