// Reads what a policy run left behind (evals.jsonl) into the report's terms:
// eval rounds in step order, the hacking monitor replayed over them, and the
// samples of the first and last rounds for people to read.
import { HackingMonitor, type HackingMonitorOptions } from '../monitor/hacking-monitor.ts';
import type { JudgeKind, JudgeRun, StaticEval } from '../report/summary.ts';
import { readEvalRows, type Sample } from '../learner/evals-file.ts';

export function collectRun(name: string, kind: JudgeKind, runDir: string, monitor: HackingMonitorOptions, staticEval?: StaticEval): { run: JudgeRun; early: Sample[]; late: Sample[] } {
  const rows = readEvalRows(runDir);
  const m = HackingMonitor.replay(rows.map(({ step, version, proxy, gold }) => ({ step, version, proxy, gold })), monitor);
  return {
    run: { name, kind, staticEval, rounds: rows.map(({ step, proxy, gold }) => ({ step, proxy, gold })), monitor: m.state() },
    early: rows[0]?.samples ?? [],
    late: rows.at(-1)?.samples ?? [],
  };
}
