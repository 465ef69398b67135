// Seeds side by side: per judge, mean and range over the studies' summaries,
// flagged counts, and the hacking watch's alerts with their lead on the flag;
// `tribunal seeds` prints the table and says in one line when a dir is not a study.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSummary, type JudgeRun } from '../../src/report/summary.ts';
import { HackingMonitor } from '../../src/monitor/hacking-monitor.ts';
import { seedsRows, seedsTable, spreadOf } from '../../src/report/seeds.ts';
import { seedsCommand } from '../../src/cli/seeds-command.ts';

function run(name: string, golds: number[], proxy: number, alertStep: number | null): JudgeRun {
  const rounds = golds.map((gold, i) => ({ step: i * 10, version: i * 10, proxy: proxy + i * 0.1, gold }));
  return {
    name, kind: name === 'gold-reward' ? 'gold-reward' : 'non-reasoning', rounds, monitor: HackingMonitor.replay(rounds).state(),
    watch: { forecastAlert: alertStep === null ? null : { step: alertStep, status: 'passed', peakStep: 10, band: [5, 15], rounds: 4 }, warnings: [{ signal: 'rewardStd', step: 15 }], patterns: [] },
  };
}
const summary = (judges: JudgeRun[]) => buildSummary({ judges, config: {}, timings: {} });

describe('report - seeds', () => {
  it('seeds - mean and range per judge, flags, forecast leads and warnings', () => {
    const a = summary([run('nr', [4, 5, 4.5, 3.5, 2], 7, 20), run('gold-reward', [4, 5, 6, 6.2, 6.1], 4, null)]);
    const b = summary([run('nr', [4, 6, 5, 4, 3], 7, 30), run('gold-reward', [4, 5.5, 6, 6.5, 6.6], 4, null)]);
    const rows = seedsRows([a, b]);
    const nr = rows.find((r) => r.judge === 'nr')!;
    expect(nr.goldPeak).toEqual({ mean: 5.5, min: 5, max: 6, n: 2 });
    expect(nr.finalGold).toEqual({ mean: 2.5, min: 2, max: 3, n: 2 });
    expect(nr.flagged).toBe(2);
    expect(nr.flagStep).toMatchObject({ min: 20, max: 30 }); // 5 -> 3.5 at step 30; 6 -> 5 at step 20
    expect(nr.forecastAlerts).toBe(2);
    expect(nr.forecastLead).toMatchObject({ min: -10, max: 10 }); // alerted at 20 (flag 30) and at 30 (flag 20)
    expect(nr.warnings.rewardStd).toMatchObject({ seeds: 2, lead: { min: 5, max: 15 } });
    const g = rows.find((r) => r.judge === 'gold-reward')!;
    expect(g).toMatchObject({ flagged: 0, forecastAlerts: 0, flagStep: null });
    expect(g.warnings.rewardStd.lead).toBeNull(); // no flag to lead: a false alarm
    const table = seedsTable(rows);
    expect(table).toMatch(/\| nr \| 2 \| 5\.50 \(5\.00-6\.00\) \|/);
    expect(table).toMatch(/\| gold-reward \| 2 \| .*\| 0 of 2 \|/);
    expect(spreadOf([null, NaN])).toBeNull();
  });

  it('seeds command - prints the table of the dirs given; a dir without a summary is exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-seeds-'));
    mkdirSync(join(dir, 'report'));
    writeFileSync(join(dir, 'report', 'summary.json'), JSON.stringify(summary([run('nr', [4, 5, 3], 7, null)])));
    const out: string[] = [];
    const log = console.log;
    console.log = (s: string) => out.push(s);
    try {
      expect(await seedsCommand([dir])).toBe(0);
      expect(await seedsCommand(['--help'])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(out[0]).toMatch(/^\| judge \| seeds \|/);
    expect(out[1]).toMatch(/^Usage: tribunal seeds/);
    await expect(seedsCommand([join(dir, 'nope')])).rejects.toThrow(/summary\.json.*finished study dir/);
  });
});
