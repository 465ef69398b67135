import { describe, expect, it } from 'vitest';
import { SideBySideProgress } from '../../src/study/side-by-side-progress.ts';

describe('side-by-side progress', () => {
  it('progress - steps add up across the work, each running one keeps its note until it finishes', () => {
    const seen: [number, number, string | undefined][] = [];
    const p = new SideBySideProgress(['a', 'b', 'c'], 10, (done, total, note) => seen.push([done, total, note]));
    p.step('a', 3, 'loss 1.0');
    p.step('b', 4, 'loss 2.0');
    p.finish('a');
    p.step('b', 12, 'loss 0.5'); // never past its own steps
    p.finish('b');
    p.finish('c');
    expect(seen).toEqual([
      [3, 30, 'a loss 1.0'],
      [7, 30, 'a loss 1.0 · b loss 2.0'],
      [14, 30, 'b loss 2.0'],
      [20, 30, 'b loss 0.5'],
      [20, 30, undefined],
      [30, 30, undefined],
    ]);
    expect(() => p.step('d', 1, '')).toThrow('no work named "d"');
  });
});
