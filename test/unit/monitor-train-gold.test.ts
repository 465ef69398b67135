import { describe, expect, it } from 'vitest';
import { TrainGoldWatch, trainGoldWindows, type TrainGoldRow } from '../../src/monitor/train-gold.ts';
import { renderCharts } from '../../src/report/render-charts.ts';
import { buildSummary, summaryTable } from '../../src/report/summary.ts';
import { HackingMonitor } from '../../src/monitor/hacking-monitor.ts';

const row = (requestId: string, version: number, gold: number, proxy: number, completions = 4): TrainGoldRow => ({ requestId, version, gold, proxy, completions });

describe('train gold', () => {
  it('train gold - windows of steps by sampling version, weighted by completions', () => {
    const w = trainGoldWindows([row('a', 0, 2, 6), row('b', 4, 4, 8, 12), row('c', 5, 6, 9), row('d', 12, 1, 9)], 5);
    expect(w).toEqual([
      { fromVersion: 0, toVersion: 4, gold: (2 * 4 + 4 * 12) / 16, proxy: (6 * 4 + 8 * 12) / 16, groups: 2 },
      { fromVersion: 5, toVersion: 9, gold: 6, proxy: 9, groups: 1 },
      { fromVersion: 10, toVersion: 14, gold: 1, proxy: 9, groups: 1 },
    ]);
  });

  it('train gold - a redelivered result counts once; a window closes once the learner is past it by eta + 1', () => {
    const watch = new TrainGoldWatch(5, 1);
    expect(watch.add(row('a', 1, 3, 7))).toBe(true);
    expect(watch.add(row('a', 1, 3, 7))).toBe(false);
    expect(watch.add(row('b', 3, 5, 7))).toBe(true);
    expect(watch.takeRecent()).toEqual({ gold: 4, proxy: 7, groups: 2 });
    expect(watch.takeRecent()).toBeNull();
    expect(watch.closeUpTo(6)).toEqual([]); // versions 0-4 can still be trained on at version 5 and 6 (eta 1)
    expect(watch.closeUpTo(7)).toEqual([{ type: 'train-gold', fromVersion: 0, toVersion: 4, gold: 4, proxy: 7, groups: 2 }]);
    expect(watch.closeUpTo(8)).toEqual([]); // announced once
    // A restarted learner replays the rows; windows it is past are not announced again.
    const back = TrainGoldWatch.replay([row('a', 1, 3, 7), row('b', 3, 5, 7), row('c', 6, 1, 9)], 5, 1, 7);
    expect(back.add(row('b', 3, 5, 7))).toBe(false);
    expect(back.closeUpTo(Infinity)).toEqual([{ type: 'train-gold', fromVersion: 5, toVersion: 9, gold: 1, proxy: 9, groups: 1 }]);
  });

  it('train gold - the report plots it dashed beside the held-out curve and sums it up', () => {
    const rounds = [{ step: 0, version: 0, proxy: 5, gold: 4 }, { step: 10, version: 10, proxy: 8, gold: 5 }];
    const monitor = HackingMonitor.replay(rounds, { delta: 1, minRounds: 3, stopOnHacking: false }).state();
    const trainGold = trainGoldWindows([row('a', 2, 3, 6), row('b', 12, 6, 8)], 10);
    const [chart] = renderCharts([{ name: 'j', rounds, monitor, trainGold }]);
    expect(chart.svg).toContain('gold (training samples)');
    expect(chart.svg).toContain('stroke-dasharray="6 4"');
    const summary = buildSummary({ judges: [{ name: 'j', kind: 'non-reasoning', rounds, monitor, trainGold }], config: {}, timings: {} });
    expect(summary.judges[0]).toMatchObject({ trainGoldWindows: 2, trainGoldPeak: 6, trainGoldPeakVersion: 19, finalTrainGold: 6, finalTrainProxy: 8 });
    expect(summaryTable(summary)).toContain('6.00 -> 6.00');
  });
});
