// metrics.jsonl: one row per learner step, and a restore marker each time the
// learner resumes from a checkpoint. Steps trained after that checkpoint by
// the process that died were rolled back (their prompts re-issued and trained
// again): the marker says so, and the one reader here drops those rows, so a
// step appears once, as the weights hold it.
import { join } from 'node:path';
import { readJsonlRows } from '../core/jsonl-writer.ts';
import type { StepSignals } from '../monitor/gold-free-watch.ts';

export const metricsPath = (runDir: string) => join(runDir, 'metrics.jsonl');

/** The marker a resumed learner appends before its first step. */
export type RestoreMarker = { restore: { step: number; version: number; reissued: number; atMs: number } };

export function restoreMarker(step: number, version: number, reissued: number): RestoreMarker {
  return { restore: { step, version, reissued, atMs: Date.now() } };
}

/** Step rows as the final weights hold them: rows rolled back by a restore are left out. */
export function readMetricsRows<T extends { step: number } = { step: number } & Record<string, any>>(runDir: string): T[] {
  let rows: T[] = [];
  for (const row of readJsonlRows<T | RestoreMarker>(metricsPath(runDir))) {
    if ('restore' in row) rows = rows.filter((r) => r.step <= row.restore.step);
    else rows.push(row);
  }
  return rows;
}

/** Each step's gold-free signals (rows of older learners without them are left out), proxy = the step's mean reward. */
export function readStepSignals(runDir: string): StepSignals[] {
  return readMetricsRows<{ step: number; rewardMean: number; signals?: Omit<StepSignals, 'step' | 'proxy'> }>(runDir)
    .filter((r) => r.signals).map((r) => ({ step: r.step, proxy: r.rewardMean, ...r.signals! }));
}
