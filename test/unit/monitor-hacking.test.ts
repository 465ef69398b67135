import { describe, expect, it } from 'vitest';
import { HackingMonitor, MonitorState, roundFromGold, type MonitorEvent } from '../../src/monitor/hacking-monitor.ts';

/** Feeds [gold, proxy] pairs at steps 10, 20, ...; returns events per round. */
function run(m: HackingMonitor, pairs: [number, number][]): MonitorEvent[][] {
  return pairs.map(([gold, proxy], i) => m.observe({ step: (i + 1) * 10, version: i + 1, gold, proxy }));
}
const types = (evs: MonitorEvent[][]) => evs.map((e) => e.map((x) => x.type).join(','));

describe('monitor hacking', () => {
  it('monitor - a clean run only sets gold peaks, never flags', () => {
    const m = new HackingMonitor({ stopOnHacking: true });
    const evs = run(m, [[3, 3], [4, 5], [5, 6], [5.5, 7], [6, 8]]);
    expect(types(evs)).toEqual(['gold-peak', 'gold-peak', 'gold-peak', 'gold-peak', 'gold-peak']);
    const s = m.state();
    expect(s).toMatchObject({ goldPeak: 6, goldPeakStep: 50, proxyAtPeak: 8, flagged: false });
    expect(s.rounds).toHaveLength(5);
    expect(m.shouldStop).toBe(false);
  });

  it('monitor - a hacking run flags at the first round gold is delta below peak with proxy held', () => {
    const m = new HackingMonitor({ delta: 1, stopOnHacking: true });
    // gold peaks 6 at step 30 (proxy 6); then gold 5.5 (drop 0.5), then 4.9 (drop 1.1, proxy 8.5)
    const evs = run(m, [[4, 4], [5, 5], [6, 6], [5.5, 7.5], [4.9, 8.5], [4, 9]]);
    expect(types(evs)).toEqual(['gold-peak', 'gold-peak', 'gold-peak', '', 'hacking', '']);
    expect(evs[4][0]).toEqual({ type: 'hacking', step: 50, goldPeak: 6, goldPeakStep: 30, gold: 4.9, proxy: 8.5, proxyAtPeak: 6 });
    expect(m.state().flagged).toBe(true);
    expect(m.state().flags).toHaveLength(1); // once per episode: step 60 does not flag again
    expect(m.shouldStop).toBe(true);
    expect(MonitorState.parse(m.state())).toEqual(m.state());
  });

  it('monitor - shouldStop is false when stopOnHacking is off', () => {
    const m = new HackingMonitor({ delta: 1, minRounds: 1 });
    run(m, [[6, 6], [4, 9]]);
    expect(m.state().flagged).toBe(true);
    expect(m.shouldStop).toBe(false);
  });

  it('monitor - noise below delta never flags', () => {
    const m = new HackingMonitor({ delta: 1 });
    const evs = run(m, [[5, 5], [5.6, 6], [4.7, 7], [5.3, 8], [4.61, 9], [5.0, 9]]);
    expect(evs.flat().some((e) => e.type === 'hacking')).toBe(false);
    expect(m.state()).toMatchObject({ goldPeak: 5.6, goldPeakStep: 20, flagged: false });
  });

  it('monitor - gold and proxy falling together is degradation, not hacking', () => {
    const m = new HackingMonitor({ delta: 1 });
    const evs = run(m, [[4, 4], [6, 7], [5, 6], [3, 5], [2, 3]]);
    expect(evs.flat().some((e) => e.type === 'hacking')).toBe(false);
    expect(m.state().flagged).toBe(false);
  });

  it('monitor - proxy exactly at its peak value counts (at or above)', () => {
    const m = new HackingMonitor({ delta: 1, minRounds: 1 });
    expect(types(run(m, [[6, 7], [5, 7]]))).toEqual(['gold-peak', 'hacking']);
  });

  it('monitor - no flag before minRounds rounds', () => {
    const m = new HackingMonitor({ delta: 1, minRounds: 4 });
    // drop of 2 at round 2 and 3 is ignored; round 4 still dropped -> flags there
    expect(types(run(m, [[6, 6], [4, 8], [4, 8], [4, 8]]))).toEqual(['gold-peak', '', '', 'hacking']);
  });

  it('monitor - re-arms after gold recovers to within delta/2 and flags a second episode', () => {
    const m = new HackingMonitor({ delta: 1, minRounds: 1 });
    // flag at 20; 5.4 is 0.6 below peak (not yet re-armed); 5.6 re-arms (0.4 <= 0.5); 4.8 flags again
    const evs = run(m, [[6, 6], [4.5, 8], [5.4, 8], [4.5, 8], [5.6, 8], [4.8, 9]]);
    expect(types(evs)).toEqual(['gold-peak', 'hacking', '', '', '', 'hacking']);
    expect(m.state().flags.map((f) => f.step)).toEqual([20, 60]);
    expect(m.state().flagged).toBe(true);
  });

  it('monitor - a new gold peak after a flag re-arms and moves the reference', () => {
    const m = new HackingMonitor({ delta: 1, minRounds: 1 });
    const evs = run(m, [[6, 6], [4.5, 7], [7, 7.5], [5.9, 7.4], [5.9, 8]]);
    expect(types(evs)).toEqual(['gold-peak', 'hacking', 'gold-peak', '', 'hacking']);
    expect(evs[4][0]).toMatchObject({ goldPeak: 7, goldPeakStep: 30, proxyAtPeak: 7.5 });
  });

  it('monitor - state() is a copy and replay rebuilds the same state', () => {
    const m = new HackingMonitor({ delta: 1 });
    run(m, [[4, 4], [6, 6], [5, 6], [4.5, 7]]);
    const s = m.state();
    s.rounds.length = 0;
    expect(m.state().rounds).toHaveLength(4);
    expect(HackingMonitor.replay(m.state().rounds, { delta: 1 }).state()).toEqual(m.state());
  });

  it('monitor - rejects bad options and non-finite scores', () => {
    expect(() => new HackingMonitor({ delta: 0 })).toThrow(/delta/);
    expect(() => new HackingMonitor({ minRounds: 0 })).toThrow(/minRounds/);
    expect(() => new HackingMonitor().observe({ step: 1, version: 1, gold: NaN, proxy: 1 })).toThrow(/non-finite/);
  });

  it('monitor - roundFromGold takes eval results only', () => {
    const base = { requestId: 'r', version: 3, step: 7, goldScores: [], proxyScores: [], goldMean: 5, proxyMean: 8, samples: [], responses: [] };
    expect(roundFromGold({ ...base, kind: 'eval' })).toEqual({ step: 7, version: 3, proxy: 8, gold: 5 });
    expect(() => roundFromGold({ ...base, kind: 'train' })).toThrow(/eval/);
  });
});
