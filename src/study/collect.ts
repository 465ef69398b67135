// Reads what a policy run left behind (evals.jsonl, gold-train.jsonl,
// metrics.jsonl) into the report's terms: eval rounds in step order, the
// hacking monitor replayed over them, gold on training samples per window of
// steps, what the hacking watch saw (the forecast, gold-free warnings, the
// patterns), and the samples of the first and last rounds for people to read.
import { HackingMonitor, type HackingMonitorOptions } from '../monitor/hacking-monitor.ts';
import type { HackingWatch, JudgeKind, JudgeRun, StaticEval } from '../report/summary.ts';
import { readEvalRows, readGoldTrainRows, type EvalRow, type Sample } from '../learner/evals-file.ts';
import { trainGoldWindows } from '../monitor/train-gold.ts';
import { GoldFreeWatch, type GoldFreeOptions } from '../monitor/gold-free-watch.ts';
import { readStepSignals } from '../learner/metrics-file.ts';
import { alarms, forecastPeak, type ForecastOptions } from '../monitor/peak-forecast.ts';
import { simulateSchedule, type EvalScheduleOptions } from '../monitor/eval-schedule.ts';

export type CollectOptions = HackingMonitorOptions & { trainGoldWindow: number; goldFree?: GoldFreeOptions; forecast?: ForecastOptions; schedule?: EvalScheduleOptions };

export function collectRun(name: string, kind: JudgeKind, runDir: string, monitor: CollectOptions, staticEval?: StaticEval): { run: JudgeRun; early: Sample[]; late: Sample[] } {
  const rows = readEvalRows(runDir);
  const m = HackingMonitor.replay(rows.map(({ step, version, proxy, gold }) => ({ step, version, proxy, gold })), monitor);
  return {
    run: {
      name, kind, staticEval, rounds: rows.map(({ step, proxy, gold }) => ({ step, proxy, gold })), monitor: m.state(),
      trainGold: trainGoldWindows(readGoldTrainRows(runDir), monitor.trainGoldWindow),
      watch: watchOf(rows, runDir, monitor),
    },
    early: rows[0]?.samples ?? [],
    late: rows.at(-1)?.samples ?? [],
  };
}

/**
 * What the hacking watch saw in a run: its first forecast alert, the gold-free
 * warnings, the patterns by round. The forecast and the warnings are computed
 * again from what the run measured (each round's KL and gold, each step's
 * signals) with the options given, so a report always applies one rule.
 */
export function watchOf(rows: readonly EvalRow[], runDir: string, opts: Omit<CollectOptions, 'trainGoldWindow'> = {}): HackingWatch {
  const { goldFree, forecast, schedule } = opts;
  const forecasts = rows.map((_, i) => forecastPeak(rows.slice(0, i + 1).map((r) => ({ step: r.step, gold: r.gold, kl: typeof r.kl === 'number' ? r.kl : NaN })), forecast));
  const alert = forecasts.find((f) => alarms(f.status));
  const warnings = GoldFreeWatch.replay(readStepSignals(runDir), goldFree).warnings;
  return {
    forecastAlert: alert ? { step: alert.step, status: alert.status, peakStep: alert.peakStep, band: alert.band, rounds: alert.rounds } : null,
    warnings: warnings.map((w) => ({ signal: w.signal, step: w.step })),
    patterns: rows.filter((r) => r.patterns).map((r) => ({ step: r.step, overrated: r.patterns!.overrated, top: r.patterns!.patterns.slice(0, 5).map((p) => ({ ngram: p.ngram, z: p.z })) })),
    // What the adaptive schedule would have spent and flagged on these rounds (eval never feeds training, so the path is the same).
    adaptive: schedule ? simulateSchedule(rows, schedule, opts, (step) => {
      const f = forecasts[rows.findIndex((r) => r.step === step)];
      return (f !== undefined && alarms(f.status)) || warnings.some((w) => w.step <= step && w.step > step - schedule.every);
    }) : null,
  };
}
