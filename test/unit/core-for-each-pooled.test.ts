import { describe, expect, it } from 'vitest';
import { forEachPooled } from '../../src/core/for-each-pooled.ts';
import { sleep } from '../../src/core/sleep.ts';

describe('forEachPooled', () => {
  it('pooled - every item once, at most limit at once, started in list order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await forEachPooled([30, 5, 5, 20, 1], 2, async (ms, i) => {
      started.push(i);
      most = Math.max(most, ++running);
      await sleep(ms);
      running--;
    });
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('pooled - after a rejection nothing new starts; the running work finishes before the first error is thrown', async () => {
    const finished: number[] = [];
    const run = forEachPooled([0, 1, 2, 3], 2, async (i) => {
      if (i === 0) throw new Error('item 0 failed');
      await sleep(20);
      finished.push(i);
      if (i === 1) throw new Error('item 1 failed too');
    });
    await expect(run).rejects.toThrow('item 0 failed');
    // Item 0 failed at once, so its slot started nothing more; item 1 was running and was waited for.
    expect(finished).toEqual([1]);
  });

  it('pooled - an empty list is done at once; a limit that is not a positive integer is refused', async () => {
    await forEachPooled([], 3, async () => { throw new Error('never'); });
    await expect(forEachPooled([1], 0, async () => {})).rejects.toThrow('limit must be a positive integer, got 0');
  });
});
