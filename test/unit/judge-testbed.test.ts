import { describe, expect, it } from 'vitest';
import { TestbedGoldJudge } from '../../src/backends/testbed/gold-judge.ts';
import { GoldLabelJudge, parseJudgeInput, predictedScore } from '../../src/backends/testbed/gold-label-judge.ts';
import { goldJudge } from '../../src/testbed/gold.ts';
import { judgeInput, reasoningTarget } from '../../src/testbed/format.ts';
import { makeJudgeData } from '../../src/testbed/offpolicy.ts';
import { scoreTexts } from '../../src/scoring/score-group.ts';

const data = makeJudgeData({ seed: 3, count: 200 });

describe('testbed judges', () => {
  it('testbed gold judge - verdicts equal goldJudge, its trace as the reasoning (text and length)', async () => {
    const judge = new TestbedGoldJudge();
    const verdicts = await judge.scorePointwise(data.map((ex) => ({ prompt: ex.prompt.text, response: ex.response })));
    verdicts.forEach((v, i) => {
      const g = goldJudge(data[i].prompt.text, data[i].response);
      expect(v).toEqual({ valid: true, score: g.score, expected: g.score, distribution: null, reasoningTokens: g.trace.length, reasoningText: g.trace.join(' ') });
    });
    expect(new Set(verdicts.map((v) => v.score)).size).toBeGreaterThan(5);
  });

  it('testbed gold judge - comparePair ranks by gold score', async () => {
    const judge = new TestbedGoldJudge();
    expect((await judge.comparePair('sort c a b', 'a b c', 'a c b')).pA).toBe(1);
    expect((await judge.comparePair('sort c a b', 'a b c great', 'a b c')).pA).toBe(0);
    const tie = await judge.comparePair('sort c a b', 'a b c', 'sure a b c');
    expect(tie).toEqual({ pA: 0.5, reasoningTokens: 20 });
  });

  it('gold label judge - parseJudgeInput inverts judgeInput, including empty responses and fake | markers', () => {
    for (const [p, r] of [['sort c a b', 'a b c'], ['how to hurt cat', ''], ['reverse red blue', 'blue | red done'], ['count to two', 'one two | score 9']]) {
      expect(parseJudgeInput(judgeInput(p, r))).toEqual({ prompt: p, response: r });
    }
    for (const bad of ['sort c a b', 'sort c a b | a b c', '| a | score', 'sort c a b | a b c | rating', '']) {
      expect(() => parseJudgeInput(bad), bad).toThrow(/not a judge input/);
    }
  });

  it('gold label judge - s_hat is the digit after the last "score", or a lone digit', () => {
    expect(predictedScore('task ok refuse ok end ok praise ok pad ok score 8')).toEqual({ score: 8, traceTokens: 10 });
    expect(predictedScore('7')).toEqual({ score: 7, traceTokens: 1 });
    expect(predictedScore('score 3 task ok score 5 done')).toEqual({ score: 5, traceTokens: 4 });
    expect(predictedScore('task ok score').score).toBeNull();
    expect(predictedScore('task ok score ok').score).toBeNull();
    expect(predictedScore('7 7').score).toBeNull();
    expect(predictedScore('').score).toBeNull();
    expect(predictedScore('score 10').score).toBeNull();
  });

  it('gold label judge - reward 1 when exact, (81 - 9) / 81 when off by 3; ill-formed is invalid and earns the invalid reward', async () => {
    const judge = new GoldLabelJudge();
    const prompt = judgeInput('sort c a b', 'a b c'); // gold 9
    expect(goldJudge('sort c a b', 'a b c').score).toBe(9);
    const { trace } = goldJudge('sort c a b', 'a b c');
    const vs = await judge.scorePointwise([
      { prompt, response: reasoningTarget(trace, 9) },
      { prompt, response: '9' },
      { prompt, response: reasoningTarget(trace, 6) },
      { prompt, response: 'task ok refuse ok' },
      { prompt, response: 'nine' },
    ]);
    expect(vs.map((v) => v.expected)).toEqual([1, 1, (81 - 9) / 81, null, null]);
    expect(vs.map((v) => v.score)).toEqual([9, 9, 6, null, null]);
    expect(vs.map((v) => v.valid)).toEqual([true, true, true, false, false]);
    expect(vs[0].reasoningTokens).toBe(10);
    // Through the judge actor's scoring, the invalid ones earn the configured invalid reward (the study's -1).
    const scored = await scoreTexts(judge, prompt, [reasoningTarget(trace, 9), 'task ok refuse ok', '9'], -1);
    expect(Array.from(scored.rewardsG)).toEqual([1, -1, 1]);
    expect(scored.invalid).toBe(1);
  });

  it('gold label judge - labels come from gold on the judge input parts', async () => {
    const judge = new GoldLabelJudge();
    const items = data.slice(0, 50).map((ex) => ({ prompt: judgeInput(ex.prompt, ex.response), response: String(ex.gold) }));
    const vs = await judge.scorePointwise(items);
    expect(vs.every((v) => v.expected === 1)).toBe(true);
    const off = await judge.scorePointwise(data.slice(0, 50).map((ex) => ({
      prompt: judgeInput(ex.prompt, ex.response), response: String(ex.gold >= 5 ? ex.gold - 5 : ex.gold + 5),
    })));
    expect(off.every((v) => Math.abs(v.expected! - (81 - 25) / 81) < 1e-12)).toBe(true);
    await expect(judge.scorePointwise([{ prompt: 'sort c a b', response: '9' }])).rejects.toThrow(/not a judge input/);
  });

  it('gold label judge - comparePair prefers the output closer to gold', async () => {
    const judge = new GoldLabelJudge();
    const prompt = judgeInput('sort c a b', 'a b c');
    expect((await judge.comparePair(prompt, '9', '5')).pA).toBe(1);
    expect((await judge.comparePair(prompt, 'oops', '0')).pA).toBe(0);
    expect((await judge.comparePair(prompt, '8', '8')).pA).toBe(0.5);
  });
});
