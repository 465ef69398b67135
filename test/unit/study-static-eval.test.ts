import { describe, expect, it } from 'vitest';
import type { Judge, JudgeItem } from '../../src/engines/types.ts';
import { TestbedGoldJudge } from '../../src/backends/testbed/gold-judge.ts';
import { staticEval } from '../../src/study/static-eval.ts';
import { krippendorffAlpha } from '../../src/judging/agreement.ts';
import { goldJudge } from '../../src/testbed/gold.ts';
import { makeJudgeData } from '../../src/testbed/offpolicy.ts';
import type { Verdict } from '../../src/wire/messages.ts';
import { labelledFromTestbed } from '../../src/study/study-world.ts';

const data = makeJudgeData({ seed: 2, count: 300 }).map(labelledFromTestbed);

/** Gold's score shifted by `shift` (clipped), invalid on every `invalidEvery`-th call item; counts its batches. */
class ShiftedJudge implements Judge {
  readonly mode = 'pointwise' as const;
  batches: number[] = [];
  private seen = 0;
  constructor(private readonly shift: number, private readonly invalidEvery = 0) {}
  async scorePointwise(items: JudgeItem[]): Promise<Verdict[]> {
    this.batches.push(items.length);
    return items.map(({ prompt, response }) => {
      const k = this.seen++;
      if (this.invalidEvery && k % this.invalidEvery === 0) return { valid: false, score: null, expected: null, distribution: null, reasoningTokens: 2 };
      const s = Math.min(9, Math.max(0, goldJudge(prompt, response).score + this.shift));
      return { valid: true, score: s, expected: s, distribution: null, reasoningTokens: 4 };
    });
  }
  async comparePair() { return { pA: null, reasoningTokens: 0 }; }
  async close() {}
}

describe('static eval', () => {
  it('static eval - gold as the judge agrees perfectly', async () => {
    const r = await staticEval(new TestbedGoldJudge(), data);
    expect(r).toEqual({ alpha: 1, alphaExpected: 1, mae: 0, invalidRate: 0, n: 300, meanReasoningTokens: 10 });
  });

  it('static eval - invalid verdicts are missing values, counted in invalidRate', async () => {
    const judge = new ShiftedJudge(1, 4);
    const r = await staticEval(judge, data, { batchSize: 64 });
    expect(judge.batches).toEqual([64, 64, 64, 64, 44]);
    expect(r.n).toBe(300);
    expect(r.invalidRate).toBeCloseTo(75 / 300, 12);
    const scores = data.map((ex, i) => (i % 4 === 0 ? null : Math.min(9, ex.gold + 1)));
    expect(r.alpha).toBeCloseTo(krippendorffAlpha([scores, data.map((ex) => ex.gold)], 'interval'), 12);
    expect(r.alpha).toBeLessThan(1);
    expect(r.alpha).toBeGreaterThan(0.8);
    expect(r.meanReasoningTokens).toBeCloseTo((75 * 2 + 225 * 4) / 300, 12);
    const valid = data.filter((_, i) => i % 4 !== 0);
    expect(r.mae).toBeCloseTo(valid.filter((ex) => ex.gold < 9).length / valid.length, 12);
  });

  it('static eval - a judge with only invalid verdicts has undefined alpha and mae', async () => {
    const r = await staticEval(new ShiftedJudge(0, 1), data.slice(0, 20));
    expect(r.invalidRate).toBe(1);
    expect(r.alpha).toBeNaN();
    expect(r.mae).toBeNaN();
  });
});
