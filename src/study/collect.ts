// Reads what a policy run left behind (evals.jsonl, gold-train.jsonl) into the
// report's terms: eval rounds in step order, the hacking monitor replayed over
// them, gold on training samples per window of steps, and the samples of the
// first and last rounds for people to read.
import { HackingMonitor, type HackingMonitorOptions } from '../monitor/hacking-monitor.ts';
import type { JudgeKind, JudgeRun, StaticEval } from '../report/summary.ts';
import { readEvalRows, readGoldTrainRows, type Sample } from '../learner/evals-file.ts';
import { trainGoldWindows } from '../monitor/train-gold.ts';

export function collectRun(name: string, kind: JudgeKind, runDir: string, monitor: HackingMonitorOptions & { trainGoldWindow: number }, staticEval?: StaticEval): { run: JudgeRun; early: Sample[]; late: Sample[] } {
  const rows = readEvalRows(runDir);
  const m = HackingMonitor.replay(rows.map(({ step, version, proxy, gold }) => ({ step, version, proxy, gold })), monitor);
  return {
    run: {
      name, kind, staticEval, rounds: rows.map(({ step, proxy, gold }) => ({ step, proxy, gold })), monitor: m.state(),
      trainGold: trainGoldWindows(readGoldTrainRows(runDir), monitor.trainGoldWindow),
    },
    early: rows[0]?.samples ?? [],
    late: rows.at(-1)?.samples ?? [],
  };
}
