import { describe, expect, it } from 'vitest';
import { expectedScore, judgeGrpoReward, pairwiseWinRates } from '../../src/rl/rewards.ts';

describe('rl rewards', () => {
  it('rewards - expected score renormalises over digits from probabilities', () => {
    // digits 7: 0.5, 8: 0.3 (x: 0.2 dropped); total 0.8 -> p7 = 0.625, p8 = 0.375
    // expected = 7*0.625 + 8*0.375 = 4.375 + 3 = 7.375
    const r = expectedScore({ '7': 0.5, '8': 0.3, x: 0.2 }, { fromLogprobs: false })!;
    expect(r.expected).toBeCloseTo(7.375, 12);
    expect(r.distribution[7]).toBeCloseTo(0.625, 6);
    expect(r.distribution[8]).toBeCloseTo(0.375, 6);
    expect(r.distribution[0]).toBe(0);
    expect(r.distribution.length).toBe(10);
  });

  it('rewards - expected score from logprobs sums tokens of the same digit', () => {
    // "3" and " 3" are both digit 3: 0.1 + 0.1 = 0.2; 9: 0.2; <eos> 0.6 dropped
    // renormalised 0.5 / 0.5 -> expected = 3*0.5 + 9*0.5 = 6
    const m = new Map<string, number>([['3', Math.log(0.1)], [' 3', Math.log(0.1)], ['9', Math.log(0.2)], ['<eos>', Math.log(0.6)]]);
    const r = expectedScore(m, { fromLogprobs: true })!;
    expect(r.expected).toBeCloseTo(6, 12);
    expect(r.distribution[3]).toBeCloseTo(0.5, 6);
  });

  it('rewards - expected score is null without mass on a digit', () => {
    expect(expectedScore({ '10': 1, a: 0.5 }, { fromLogprobs: false })).toBeNull();
    expect(expectedScore({ '4': -Infinity }, { fromLogprobs: true })).toBeNull();
    expect(expectedScore(new Map(), { fromLogprobs: false })).toBeNull();
  });

  it('rewards - pairwise win rate averages valid comparisons', () => {
    // row 0: diagonal 0.9 ignored, (1 + 0.5)/2 = 0.75
    // row 1: j=0 -> 0, j=2 -> 0.25: (0 + 0.25)/2 = 0.125
    // row 2: no valid comparisons -> 0.5
    const w = pairwiseWinRates([
      [0.9, 1, 0.5],
      [0, null, 0.25],
      [null, null, null],
    ]);
    expect(Array.from(w)).toEqual([0.75, 0.125, 0.5]);
  });

  it('rewards - pairwise win rate rejects malformed matrices', () => {
    expect(() => pairwiseWinRates([[null, 1]])).toThrow(/row 0/);
    expect(() => pairwiseWinRates([[null, 1.5], [0, null]])).toThrow(/probability/);
  });

  it('rewards - judge GRPO reward', () => {
    // M_max = (9-0)^2 = 81; pred 7 gold 5: (81 - 4)/81 = 77/81
    expect(judgeGrpoReward(7, 5)).toBeCloseTo(77 / 81, 12);
    expect(judgeGrpoReward(5, 5)).toBe(1);
    expect(judgeGrpoReward(0, 9)).toBe(0); // (81 - 81)/81
    // range [1,5]: M_max 16; pred 2 gold 4: (16 - 4)/16 = 0.75
    expect(judgeGrpoReward(2, 4, { low: 1, high: 5 })).toBe(0.75);
    for (const bad of [null, NaN, 10, -1]) expect(judgeGrpoReward(bad, 5)).toBe(-1);
    expect(() => judgeGrpoReward(3, 12)).toThrow(/gold/);
  });
});
