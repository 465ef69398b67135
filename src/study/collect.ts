// Reads what a policy run left behind (evals.jsonl, gold-train.jsonl,
// metrics.jsonl) into the report's terms: eval rounds in step order, the
// hacking monitor replayed over them, gold on training samples per window of
// steps, what the hacking watch saw (the forecast, gold-free warnings, the
// patterns), and the samples of the first and last rounds for people to read.
import { HackingMonitor, type HackingMonitorOptions } from '../monitor/hacking-monitor.ts';
import type { HackingWatch, JudgeKind, JudgeRun, StaticEval } from '../report/summary.ts';
import { readEvalRows, readGoldTrainRows, type EvalRow, type Sample } from '../learner/evals-file.ts';
import { trainGoldWindows } from '../monitor/train-gold.ts';
import { GoldFreeWatch, type GoldFreeOptions, type StepSignals } from '../monitor/gold-free-watch.ts';
import { readMetricsRows } from '../learner/metrics-file.ts';

export function collectRun(name: string, kind: JudgeKind, runDir: string, monitor: HackingMonitorOptions & { trainGoldWindow: number; goldFree?: GoldFreeOptions }, staticEval?: StaticEval): { run: JudgeRun; early: Sample[]; late: Sample[] } {
  const rows = readEvalRows(runDir);
  const m = HackingMonitor.replay(rows.map(({ step, version, proxy, gold }) => ({ step, version, proxy, gold })), monitor);
  return {
    run: {
      name, kind, staticEval, rounds: rows.map(({ step, proxy, gold }) => ({ step, proxy, gold })), monitor: m.state(),
      trainGold: trainGoldWindows(readGoldTrainRows(runDir), monitor.trainGoldWindow),
      watch: watchOf(rows, runDir, monitor.goldFree),
    },
    early: rows[0]?.samples ?? [],
    late: rows.at(-1)?.samples ?? [],
  };
}

/** What the hacking watch saw in a run: its first forecast alert, the gold-free warnings, the patterns by round. */
export function watchOf(rows: readonly EvalRow[], runDir: string, goldFree?: GoldFreeOptions): HackingWatch {
  const alert = rows.find((r) => r.forecast?.status === 'near' || r.forecast?.status === 'passed');
  const signals: StepSignals[] = readMetricsRows<{ step: number; rewardMean: number; signals?: Omit<StepSignals, 'step' | 'proxy'> }>(runDir)
    .filter((r) => r.signals).map((r) => ({ step: r.step, proxy: r.rewardMean, ...r.signals! }));
  const warnings = GoldFreeWatch.replay(signals, goldFree).warnings;
  return {
    forecastAlert: alert?.forecast ? { step: alert.step, status: alert.forecast.status, peakStep: alert.forecast.peakStep, band: alert.forecast.band, rounds: alert.forecast.rounds } : null,
    warnings: warnings.map((w) => ({ signal: w.signal, step: w.step })),
    patterns: rows.filter((r) => r.patterns).map((r) => ({ step: r.step, overrated: r.patterns!.overrated, top: r.patterns!.patterns.slice(0, 5).map((p) => ({ ngram: p.ngram, z: p.z })) })),
  };
}
