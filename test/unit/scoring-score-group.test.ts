// Rewards from verdicts: pointwise expected scores with the configured reward
// for invalid outputs, and pairwise in-group win rates.
import { describe, expect, it } from 'vitest';
import { scoreTexts } from '../../src/scoring/score-group.ts';
import type { Judge } from '../../src/engines/types.ts';

const lengthJudge = (mode: 'pointwise' | 'pairwise'): Judge => ({
  mode,
  // Score = number of words; a response with "bad" is an invalid verdict.
  async scorePointwise(items) {
    return items.map(({ response }) => {
      const valid = !response.includes('bad');
      const n = response.split(' ').length;
      return { valid, score: valid ? n : null, expected: valid ? n + 0.5 : null, distribution: null, reasoningTokens: 0 };
    });
  },
  // The longer response wins; equal lengths tie; "bad" makes the comparison invalid.
  async comparePair(_p, a, b) {
    if (a.includes('bad') || b.includes('bad')) return { pA: null, reasoningTokens: 2 };
    const d = a.split(' ').length - b.split(' ').length;
    return { pA: d > 0 ? 1 : d < 0 ? 0 : 0.5, reasoningTokens: 2 };
  },
  async close() {},
});

describe('judging - group rewards', () => {
  it('judging - pointwise rewards are expected scores; invalid verdicts get the configured reward', async () => {
    const r = await scoreTexts(lengthJudge('pointwise'), 'p', ['a', 'a b c', 'bad'], -1);
    expect(Array.from(r.rewardsG)).toEqual([1.5, 3.5, -1]);
    expect(r.invalid).toBe(1);
  });

  it('judging - pairwise rewards are average win rates over the valid comparisons in the group', async () => {
    const r = await scoreTexts(lengthJudge('pairwise'), 'p', ['a', 'a b', 'a b c'], 0);
    // a: loses to both -> 0; "a b": beats a, loses to "a b c" -> 0.5; "a b c": wins both -> 1
    expect(Array.from(r.rewardsG)).toEqual([0, 0.5, 1]);
    expect(r.verdictsG.map((v) => v.reasoningTokens)).toEqual([2, 2, 2]); // 3 pairs x 2 tokens, split between the two sides
  });

  it('judging - a completion with no valid comparison is invalid and gets the configured reward', async () => {
    const r = await scoreTexts(lengthJudge('pairwise'), 'p', ['a', 'bad', 'a b'], -2);
    expect(Array.from(r.rewardsG)).toEqual([0, -2, 1]);
    expect(r.invalid).toBe(1);
  });
});
