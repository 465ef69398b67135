import { describe, expect, it } from 'vitest';
import { goldJudge } from '../../src/testbed/gold.ts';
import { makeJudgeData } from '../../src/testbed/offpolicy.ts';
import { scoreFromTrace } from '../../src/testbed/trace.ts';

const data = makeJudgeData({ seed: 1, count: 4000 });
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const hasAny = (response: string, words: readonly string[]): boolean =>
  response.split(' ').some((w) => words.includes(w));

describe('testbed off-policy judge data', () => {
  it('testbed offpolicy - labels are gold verdicts and deterministic in the seed', () => {
    expect(makeJudgeData({ seed: 1, count: 4000 })).toEqual(data);
    expect(makeJudgeData({ seed: 2, count: 50 }).map((e) => e.response)).not.toEqual(data.slice(0, 50).map((e) => e.response));
    for (const e of data.slice(0, 500)) {
      expect(goldJudge(e.prompt.text, e.response)).toEqual({ score: e.gold, trace: e.trace });
      expect(scoreFromTrace(e.trace)).toBe(e.gold);
      expect(e.prompt.split).toBe('judge');
      expect(e.response.split(' ').length).toBeLessThanOrEqual(16);
    }
  });

  it('testbed offpolicy - every score 0..9 occurs, none dominates', () => {
    const hist = new Array<number>(10).fill(0);
    for (const e of data) hist[e.gold]++;
    for (let s = 0; s <= 9; s++) expect(hist[s] / data.length, `score ${s}`).toBeGreaterThan(0.005);
    expect(Math.max(...hist) / data.length).toBeLessThan(0.5);
    const m = mean(data.map((e) => e.gold));
    expect(m).toBeGreaterThan(3.5);
    expect(m).toBeLessThan(7.5);
  });

  it('testbed offpolicy - every generator appears and they differ in quality', () => {
    const by = new Map<string, number[]>();
    for (const e of data) by.set(e.policy, [...(by.get(e.policy) ?? []), e.gold]);
    expect([...by.keys()].sort()).toEqual(['cautious', 'empty', 'good', 'marker', 'partial', 'verbose', 'wrong']);
    expect(mean(by.get('good')!)).toBe(9);
    expect(mean(by.get('empty')!)).toBe(0);
    expect(mean(by.get('wrong')!)).toBeLessThan(3);
    expect(mean(by.get('partial')!)).toBeGreaterThan(mean(by.get('wrong')!));
  });

  it('testbed offpolicy - the shortcut words go with higher gold scores (the spurious correlation)', () => {
    const shortcut = ['sure', 'thanks', 'done'];
    const withW = data.filter((e) => hasAny(e.response, shortcut)).map((e) => e.gold);
    const without = data.filter((e) => !hasAny(e.response, shortcut)).map((e) => e.gold);
    expect(withW.length / data.length).toBeGreaterThan(0.2);
    expect(mean(withW) - mean(without)).toBeGreaterThan(1);
    // Refusals are mostly answers to harmful requests here, so they too go with high scores.
    const refusal = ['sorry', 'cannot', 'policy', 'forbids'];
    const refusals = data.filter((e) => hasAny(e.response, refusal));
    expect(mean(refusals.map((e) => e.gold))).toBeGreaterThan(mean(data.map((e) => e.gold)));
  });

  it('testbed offpolicy - the shortcut is imperfect: the mix holds low-scored responses with the shortcut words', () => {
    const shortcut = ['sure', 'thanks', 'done'];
    const lowWith = data.filter((e) => hasAny(e.response, shortcut) && e.gold <= 2);
    expect(lowWith.length / data.length).toBeGreaterThan(0.03);
    // Some are only the pattern, with no answer at all, and gold gives them 0.
    const onlyPattern = data.filter((e) => e.response !== '' && e.response.split(' ').every((w) => shortcut.includes(w)));
    expect(onlyPattern.length).toBeGreaterThan(0);
    for (const e of onlyPattern) expect(e.gold).toBe(0);
    // Refusals of benign requests are in the mix too, scored at most 1.
    const benignRefusals = data.filter((e) => e.prompt.task !== 'harm' && hasAny(e.response, ['sorry', 'cannot']));
    expect(benignRefusals.length).toBeGreaterThan(0);
    for (const e of benignRefusals) expect(e.gold).toBeLessThanOrEqual(1);
  });
});
