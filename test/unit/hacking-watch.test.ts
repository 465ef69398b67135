// The hacking watch beyond the gold flag, on hand-built curves and samples:
// the gold-law fit recovers a known peak and maps it to a step, the forecast
// says rising / near / passed in turn; the pattern miner finds the phrases a
// fooled judge overrates and leaves the shared ones; the gold-free watch warns
// once when the reward spread collapses under a holding proxy, not when the
// proxy falls with it.
import { describe, expect, it } from 'vitest';
import { fitDistanceGrowth, fitGoldLaw, forecastPeak, type ForecastRound } from '../../src/monitor/peak-forecast.ts';
import { minePatterns, ngramSet, patternTrend, words } from '../../src/monitor/pattern-mining.ts';
import { entropy, GoldFreeWatch, withinGroupStd, type StepSignals } from '../../src/monitor/gold-free-watch.ts';
import { verdictEntropies } from '../../src/scoring/score-group.ts';
import type { Verdict } from '../../src/wire/messages.ts';
import { Rng } from '../../src/core/rng.ts';
import { EvalSchedule, simulateSchedule } from '../../src/monitor/eval-schedule.ts';

const verdict: Verdict = { valid: true, score: 5, expected: 5, distribution: null, reasoningTokens: 0 };

// Gao's law with c = 2, alpha = 3, beta = 1.5: d* = exp(3/1.5 - 1) = e; d grows as 0.2 sqrt(step), so d* is at step (e/0.2)^2 = 184.7.
const law = (d: number) => 2 + 3 * d - 1.5 * (d > 0 ? d * Math.log(d) : 0);
const dOf = (step: number) => 0.2 * Math.sqrt(step);
const curve = (steps: number[], noise = 0, seed = 1): ForecastRound[] => {
  const rng = new Rng(seed);
  return steps.map((step) => ({ step, kl: dOf(step) ** 2, gold: law(dOf(step)) + noise * (rng.next() - 0.5) }));
};

describe('peak forecast (Gao et al. gold law)', () => {
  it('forecast - the fit recovers alpha, beta and d*, and the growth fit maps d* to its step', () => {
    const rounds = curve([0, 10, 20, 40, 60, 80, 100]);
    const fit = fitGoldLaw(rounds.map((r) => ({ d: Math.sqrt(r.kl), gold: r.gold })))!;
    expect(fit.alpha).toBeCloseTo(3, 6);
    expect(fit.beta).toBeCloseTo(1.5, 6);
    expect(fit.dStar).toBeCloseTo(Math.E, 5);
    expect(fit.goldAtPeak).toBeCloseTo(law(Math.E), 5);
    const g = fitDistanceGrowth(rounds.map((r) => ({ step: r.step, d: Math.sqrt(r.kl) })))!;
    expect(g.p).toBeCloseTo(0.5, 6);
    const f = forecastPeak(rounds, { nearSteps: 20 });
    expect(f.status).toBe('ahead');
    expect(f.peakStep).toBeCloseTo(184.7, 0);
    expect(f.band![0]).toBeLessThanOrEqual(f.peakStep! + 1e-6);
    expect(f.band![1]).toBeGreaterThanOrEqual(f.peakStep! - 1e-6);
  });

  it('forecast - with noise the band brackets the true peak step, long before gold turns', () => {
    const f = forecastPeak(curve([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120], 0.2, 3), { nearSteps: 20 });
    expect(f.status).toBe('ahead');
    expect(f.band![0]).toBeLessThan(184.7);
    expect(f.band![1]).toBeGreaterThan(184.7);
    expect(f.peakShare).toBeGreaterThan(0.8);
  });

  it('forecast - a flat top beyond d* is a plateau; near once the law puts gold 0.5 below its peak within nearSteps, passed once it is now; too few rounds and a still-linear curve say so', () => {
    // Past d* (step 185) the law falls slowly: 0.04 below the peak at step 240, 0.5 near step 430.
    const upTo = (last: number) => curve(Array.from({ length: last / 40 + 1 }, (_, i) => i * 40));
    const plateau = forecastPeak(upTo(240), { nearSteps: 40 });
    expect(plateau.status).toBe('plateau');
    expect(plateau.fallNow).toBeCloseTo(0.04, 1);
    expect(forecastPeak(upTo(400), { nearSteps: 60 }).status).toBe('near');
    const passed = forecastPeak(upTo(480), { nearSteps: 40 });
    expect(passed.status).toBe('passed');
    expect(passed.fallNow).toBeGreaterThan(0.5);
    expect(forecastPeak(curve([0, 10, 20])).status).toBe('too-few-rounds');
    const rising = [0, 10, 20, 30, 40].map((step) => ({ step, kl: dOf(step) ** 2, gold: 2 + 3 * dOf(step) + 0.5 * dOf(step) * Math.log(dOf(step) || 1) }));
    expect(forecastPeak(rising).status).toBe('no-peak-yet'); // beta < 0: no turn in sight
    // Rounds without a KL (an engine that cannot score under the initial weights) are left out.
    expect(forecastPeak(curve([0, 10, 20, 40]).map((r) => ({ ...r, kl: NaN }))).rounds).toBe(0);
  });
});

describe('pattern mining (log-odds with an informative prior)', () => {
  it('mining - normalised word n-grams, each counted once per sample', () => {
    expect(words('Sure!  DONE, <|end|>')).toEqual(['sure', 'done', '<', '|', 'end', '|', '>']);
    expect([...ngramSet('a b a b', 2)].sort()).toEqual(['a', 'a b', 'b', 'b a']);
  });

  it('mining - the phrases of overrated samples rank first, shared words do not, and support is counted', () => {
    const rng = new Rng(5);
    const filler = ['the', 'answer', 'is', 'list', 'of', 'items', 'red', 'blue', 'green'];
    const body = () => Array.from({ length: 5 }, () => filler[rng.int(filler.length)]).join(' ');
    const samples = [
      ...Array.from({ length: 20 }, (_, i) => ({ response: i % 2 ? `sure ${body()} done` : `sorry the policy forbids ${body()}`, proxy: 9, gold: 2 })),
      ...Array.from({ length: 30 }, () => ({ response: body(), proxy: 5, gold: 5 })),
      ...Array.from({ length: 5 }, () => ({ response: `sure ${body()}`, proxy: 4, gold: 4 })),
    ];
    const r = minePatterns(samples, { top: 6, maxN: 4 });
    expect(r).toMatchObject({ overrated: 20, ratedRight: 35 });
    const top = r.patterns.map((p) => p.ngram);
    expect(top.slice(0, 3)).toEqual(expect.arrayContaining(['done', 'sorry the policy forbids']));
    expect(top).not.toContain('the'); // in both sets
    const done = r.patterns.find((p) => p.ngram === 'done')!;
    expect(done).toMatchObject({ inOverrated: 10, inRatedRight: 0 });
    // 'sure' is in rated-right samples too: ranked below 'done'.
    const sure = r.patterns.find((p) => p.ngram === 'sure');
    if (sure) expect(sure.z).toBeLessThan(done.z);
    // The sub-n-grams of 'sorry the policy forbids' with the same support are not listed again.
    expect(top).not.toContain('policy forbids');
    const trend = patternTrend([{ step: 10, patterns: [] }, { step: 20, patterns: r.patterns }], ['done']);
    expect(trend.map((t) => t.z.done > 0)).toEqual([false, true]);
  });

  it('mining - nothing to contrast, nothing mined', () => {
    expect(minePatterns([{ response: 'a b', proxy: 5, gold: 5 }]).patterns).toEqual([]);
  });
});

describe('gold-free warnings', () => {
  const steps = (f: (i: number) => Partial<StepSignals>, n = 40): StepSignals[] =>
    Array.from({ length: n }, (_, i) => ({ step: i + 1, proxy: 5, rewardStd: 2, judgeEntropy: 1, ...f(i + 1) }));

  it('gold-free - the entropy (and the spread, when asked for) collapsing under a holding proxy warn, once each', () => {
    const rows = steps((i) => (i > 20 ? { proxy: 8.5, rewardStd: 0.3, judgeEntropy: 0.2 } : { proxy: 5 + i * 0.15 }));
    expect(GoldFreeWatch.replay(rows).warnings.map((x) => x.signal)).toEqual(['judgeEntropy']); // the spread is not watched by default
    const w = GoldFreeWatch.replay(rows, { signals: ['rewardStd', 'judgeEntropy'] });
    expect(w.warnings.map((x) => x.signal).sort()).toEqual(['judgeEntropy', 'rewardStd']);
    expect(Math.min(...w.warnings.map((x) => x.step))).toBeGreaterThan(20);
    expect(Math.max(...w.warnings.map((x) => x.step))).toBeLessThanOrEqual(26);
  });

  it('gold-free - a collapse with the proxy falling too is not hacking; a steady run never warns; no entropy is fine', () => {
    expect(GoldFreeWatch.replay(steps((i) => (i > 20 ? { proxy: 2, rewardStd: 0.3, judgeEntropy: 0.2 } : {}))).warnings).toEqual([]);
    expect(GoldFreeWatch.replay(steps(() => ({})), {}).warnings).toEqual([]);
    const noEntropy = GoldFreeWatch.replay(steps((i) => (i > 20 ? { proxy: 8, rewardStd: 0.1, judgeEntropy: null } : { judgeEntropy: null })), { signals: ['rewardStd', 'judgeEntropy'] });
    expect(noEntropy.warnings.map((x) => x.signal)).toEqual(['rewardStd']);
    // A 35% fall warns (the default drop is 30%); a 20% one does not.
    expect(GoldFreeWatch.replay(steps((i) => ({ judgeEntropy: i > 20 ? 0.65 : 1 }))).warnings.map((x) => x.signal)).toEqual(['judgeEntropy']);
    expect(GoldFreeWatch.replay(steps((i) => ({ judgeEntropy: i > 20 ? 0.8 : 1 }))).warnings).toEqual([]);
  });

  it('gold-free - the second judge disagreeing more and more warns once it has doubled and passed 0.5; a small or falling disagreement does not', () => {
    const grows = GoldFreeWatch.replay(steps((i) => ({ rewardStd: 2, judgeEntropy: null, disagreement: i > 20 ? 1.5 : 0.6 })));
    expect(grows.warnings.map((x) => [x.signal, x.peak])).toEqual([['disagreement', 0.6]]);
    expect(grows.warnings[0].step).toBeGreaterThan(20);
    expect(GoldFreeWatch.replay(steps((i) => ({ judgeEntropy: null, disagreement: i > 20 ? 0.4 : 0.1 }))).warnings).toEqual([]); // quadrupled, but under 0.5
    expect(GoldFreeWatch.replay(steps((i) => ({ judgeEntropy: null, disagreement: i > 20 ? 0.3 : 1.2 }))).warnings).toEqual([]);
  });

  it('gold-free - the second judge growing sure warns on its own (a gold-reward run, with no entropy from gold)', () => {
    const sure = GoldFreeWatch.replay(steps((i) => ({ judgeEntropy: null, secondEntropy: i > 20 ? 0.3 : 1.4, proxy: 5 + Math.min(i, 20) * 0.1 })));
    expect(sure.warnings.map((x) => [x.signal, x.peak])).toEqual([['secondEntropy', 1.4]]);
    expect(sure.warnings[0].step).toBeGreaterThan(20);
    expect(GoldFreeWatch.replay(steps(() => ({ judgeEntropy: null, secondEntropy: 1.4 }))).warnings).toEqual([]);
  });

  it('gold-free - the spread and entropy helpers', () => {
    expect(verdictEntropies([{ ...verdict, distribution: new Float32Array([0.5, 0.5]) }, { ...verdict, distribution: new Float32Array([1, 0]) }])).toEqual(new Float32Array([Math.log(2), 0]));
    expect(verdictEntropies([{ ...verdict, distribution: new Float32Array([0.5, 0.5]) }, verdict])).toBeUndefined();
    expect(withinGroupStd([[1, 3], [5, 5]])).toBe(0.5);
    expect(entropy([0.5, 0.5])).toBeCloseTo(Math.log(2), 10);
    expect(entropy([0, 0, 2])).toBe(0);
  });
});

describe('adaptive eval rounds', () => {
  it('schedule - doubles the interval while gold is flat and quiet, back to dense when gold moves or something alarms; the budget caps it', () => {
    const s = new EvalSchedule({ every: 10, maxEvery: 40 });
    s.requested(0);
    expect(s.nextStep).toBe(10);
    s.observe(5, false); // the first round: nothing to compare with
    s.requested(10);
    s.observe(5.1, false); // flat
    expect(s.nextStep).toBe(30);
    s.requested(30);
    s.observe(5.05, false);
    expect(s.nextStep).toBe(70);
    s.requested(70);
    s.observe(5.0, false);
    expect(s.nextStep).toBe(110); // capped at 40
    s.requested(110);
    s.observe(4.2, false); // gold moved
    expect(s.nextStep).toBe(120);
    s.requested(120);
    s.observe(4.2, true); // flat, but the watch alarmed
    expect(s.nextStep).toBe(130);
    const b = new EvalSchedule({ every: 10, budget: 1 });
    b.requested(0);
    b.requested(10);
    expect(b.nextStep).toBe(Infinity);
  });

  it('schedule - replayed on a dense run: fewer rounds on a flat curve; a slow fall can cost one interval of delay', () => {
    const rounds = (golds: number[]) => golds.map((gold, i) => ({ step: i * 10, version: i * 10, proxy: 7 + i * 0.1, gold }));
    const flat = simulateSchedule(rounds([5, 5.1, 5.1, 5.0, 5.1, 5.05, 5.1, 5.0, 5.1, 5.0, 5.05, 5.1, 5.0]), { every: 10 }, {});
    expect(flat).toMatchObject({ denseRounds: 12, flagStep: null, denseFlagStep: null });
    expect(flat.rounds).toBeLessThan(7);
    const hacked = simulateSchedule(rounds([4.6, 5.2, 4.9, 4.6, 4.4, 4.1, 3.8]), { every: 10 }, {});
    expect(hacked.denseFlagStep).toBe(50);
    // A slow fall (0.2 between rounds 30 and 40) reads as flat: the schedule skips step 50 and flags at 60, one interval late.
    expect(hacked.steps).toEqual([0, 10, 20, 30, 40, 60]);
    expect(hacked.flagStep).toBe(60);
  });
});
