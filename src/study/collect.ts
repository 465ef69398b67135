// Reads what a policy run left behind (evals.jsonl) into the report's terms:
// eval rounds in step order, the hacking monitor replayed over them, and the
// samples of the first and last rounds for people to read.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HackingMonitor, type HackingMonitorOptions } from '../monitor/hacking-monitor.ts';
import type { JudgeKind, JudgeRun, StaticEval } from '../report/summary.ts';

export interface Sample { prompt: string; response: string; gold: number; proxy: number }

interface EvalRow { step: number; version: number; proxy: number; gold: number; samples: Sample[] }

export function readEvalRows(runDir: string): EvalRow[] {
  const path = join(runDir, 'evals.jsonl');
  if (!existsSync(path)) return [];
  const byStep = new Map<number, EvalRow>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as EvalRow;
    if (!byStep.has(row.step)) byStep.set(row.step, row); // a resumed learner may log a round twice
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

export function collectRun(name: string, kind: JudgeKind, runDir: string, monitor: HackingMonitorOptions, staticEval?: StaticEval): { run: JudgeRun; early: Sample[]; late: Sample[] } {
  const rows = readEvalRows(runDir);
  const m = HackingMonitor.replay(rows.map(({ step, version, proxy, gold }) => ({ step, version, proxy, gold })), monitor);
  return {
    run: { name, kind, staticEval, rounds: rows.map(({ step, proxy, gold }) => ({ step, proxy, gold })), monitor: m.state() },
    early: rows[0]?.samples ?? [],
    late: rows.at(-1)?.samples ?? [],
  };
}
