import { describe, expect, it } from 'vitest';
import { HackingMonitor } from '../../src/monitor/hacking-monitor.ts';
import { buildSummary, Summary, summaryTable, type JudgeRun } from '../../src/report/summary.ts';

/** A judge run from [gold, proxy] pairs at steps 0, 100, 200, ... */
function judgeRun(name: string, kind: JudgeRun['kind'], pairs: [number, number][], staticEval?: JudgeRun['staticEval']): JudgeRun {
  const m = new HackingMonitor({ delta: 1 });
  const rounds = pairs.map(([gold, proxy], i) => ({ step: i * 100, proxy, gold }));
  rounds.forEach((r, i) => m.observe({ ...r, version: i }));
  return { name, kind, staticEval, rounds, monitor: m.state() };
}

describe('report summary', () => {
  const hacked = judgeRun('qwen3-1.7b | sft', 'non-reasoning', [[3, 3], [5, 6], [6, 7], [4.5, 8.5], [3, 9]], { alpha: 0.78, mae: 0.9, invalidRate: 0.01, n: 738 });
  const clean = judgeRun('qwen3-8b-think', 'reasoning', [[3, 3], [4, 6], [5, 8], [6.5, 9]], { alpha: 0.893, mae: 0.5, invalidRate: 0.004, n: 738 });
  const gold = judgeRun('gold', 'gold-reward', []);

  it('summary - per judge peak, final, proxy at peak and hacking step', () => {
    const s = buildSummary({ judges: [hacked, clean, gold], config: { policy: 'tiny' }, timings: { totalMs: 1234 } });
    expect(Summary.parse(s)).toEqual(s);
    expect(s.judges[0]).toMatchObject({
      name: 'qwen3-1.7b | sft', kind: 'non-reasoning', staticAlpha: 0.78, staticMae: 0.9, staticN: 738, evalRounds: 5,
      goldPeak: 6, goldPeakStep: 200, finalStep: 400, finalGold: 3, finalProxy: 9, proxyAtGoldPeak: 7,
      goldDropFromPeak: 3, hackingFlagged: true, hackingStep: 300, hackingFlags: 1,
    });
    expect(s.judges[1]).toMatchObject({ goldPeak: 6.5, goldPeakStep: 300, finalGold: 6.5, goldDropFromPeak: 0, hackingFlagged: false, hackingStep: null });
    expect(s.judges[2]).toMatchObject({ staticAlpha: null, goldPeak: null, finalGold: null, evalRounds: 0, hackingFlagged: false });
    expect(s.timings).toEqual({ totalMs: 1234 });
  });

  it('summary - NaN alpha becomes null so the JSON round-trips', () => {
    const j = judgeRun('flat', 'non-reasoning', [[4, 4]], { alpha: NaN, invalidRate: 0, n: 3 });
    const s = buildSummary({ judges: [j], config: {}, timings: {} });
    expect(s.judges[0].staticAlpha).toBeNull();
    expect(Summary.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('summary - accuracy stands in for alpha (pairwise judges)', () => {
    const j = judgeRun('pair', 'reasoning', [[4, 4]], { accuracy: 0.81, invalidRate: 0, n: 100 });
    const s = buildSummary({ judges: [j], config: {}, timings: {} });
    expect(s.judges[0]).toMatchObject({ staticAlpha: null, staticAccuracy: 0.81 });
    expect(summaryTable(s)).toContain('acc 0.810');
  });

  it('summary - final values come from the highest step, not the last listed', () => {
    const j = judgeRun('j', 'reasoning', [[4, 4]]);
    j.rounds = [{ step: 200, proxy: 8, gold: 5 }, { step: 100, proxy: 6, gold: 4 }];
    const s = buildSummary({ judges: [j], config: {}, timings: {} });
    expect(s.judges[0]).toMatchObject({ finalStep: 200, finalGold: 5, finalProxy: 8 });
  });

  it('summary - markdown table has a row per judge and escapes pipes', () => {
    const table = summaryTable(buildSummary({ judges: [hacked, clean, gold], config: {}, timings: {} }));
    const lines = table.trim().split('\n');
    expect(lines).toHaveLength(5); // header, rule, 3 judges
    expect(lines[2]).toContain('qwen3-1.7b \\| sft');
    expect(lines[2]).toContain('α 0.780');
    expect(lines[2]).toContain('6.00 (200)');
    expect(lines[2]).toContain('flagged at step 300');
    expect(lines[3]).toMatch(/\| no \|$/);
    // every row has the same number of unescaped cell separators
    const seps = lines.map((l) => l.replace(/\\\|/g, '').split('|').length);
    expect(new Set(seps).size).toBe(1);
  });

  it('summary - rejects a malformed monitor state', () => {
    const bad = { ...clean, monitor: { ...clean.monitor, flagged: 'yes' } } as unknown as JudgeRun;
    expect(() => buildSummary({ judges: [bad], config: {}, timings: {} })).toThrow();
  });
});
