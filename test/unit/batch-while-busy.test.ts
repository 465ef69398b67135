// Calls made while one runs are merged into one batch; each caller gets its
// own results in order; a failed batch fails exactly the calls in it.
import { describe, expect, it } from 'vitest';
import { BatchWhileBusy } from '../../src/core/batch-while-busy.ts';

const gate = () => { let open!: () => void; const p = new Promise<void>((r) => { open = r; }); return { p, open }; };

describe('batch while busy', () => {
  it('the first call runs alone; the calls made meanwhile run as one batch, each getting its own results', async () => {
    const seen: number[][] = [];
    const first = gate();
    const b = new BatchWhileBusy<number, string>(async (items) => {
      seen.push(items);
      if (seen.length === 1) await first.p;
      return items.map((i) => `r${i}`);
    });
    const a = b.submit([1, 2]);
    const c = b.submit([3]);
    const d = b.submit([4, 5, 6]);
    const empty = b.submit([]);
    first.open();
    expect(await a).toEqual(['r1', 'r2']);
    expect(await c).toEqual(['r3']);
    expect(await d).toEqual(['r4', 'r5', 'r6']);
    expect(await empty).toEqual([]);
    expect(seen).toEqual([[1, 2], [3, 4, 5, 6]]);
    expect(b.batches).toBe(2);
    // Idle again: the next call runs at once, alone.
    expect(await b.submit([7])).toEqual(['r7']);
    expect(seen.at(-1)).toEqual([7]);
  });

  it('a failed batch rejects the calls in it, not the next batch; a short answer is a failure', async () => {
    const first = gate();
    let calls = 0;
    const b = new BatchWhileBusy<number, number>(async (items) => {
      calls++;
      if (calls === 1) { await first.p; throw new Error('service down'); }
      return calls === 2 ? items.slice(1) : items;
    });
    const a = b.submit([1]);
    const c = b.submit([2, 3]);
    first.open();
    await expect(a).rejects.toThrow('service down');
    await expect(c).rejects.toThrow('a batch of 2 items returned 1 results');
    expect(await b.submit([4])).toEqual([4]);
  });
});
