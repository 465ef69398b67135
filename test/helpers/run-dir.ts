// Reads what a finished run left in its directory: metrics rows and the
// learner's newest checkpoint state.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LearnerState } from '../../src/learner/checkpoint.ts';
import { readJsonlRows } from '../../src/core/jsonl-writer.ts';
import { readMetricsRows } from '../../src/learner/metrics-file.ts';

/** Step rows as the final weights hold them (rows a restore rolled back left out). */
export function readMetrics(dir: string): Record<string, any>[] {
  return readMetricsRows(dir);
}

/** Every line of metrics.jsonl, restore markers included. */
export function readMetricsLines(dir: string): Record<string, any>[] {
  return readJsonlRows(join(dir, 'metrics.jsonl'));
}

export function latestLearnerState(dir: string): LearnerState {
  const ckpts = readdirSync(join(dir, 'checkpoints')).filter((e) => /^step-\d+$/.test(e)).sort();
  return JSON.parse(readFileSync(join(dir, 'checkpoints', ckpts.at(-1)!, 'learner.json'), 'utf8'));
}

/** Prompts whose effect the final weights hold, and how often each. */
export function trainedCounts(dir: string): Map<number, number> {
  const s = latestLearnerState(dir);
  return new Map(Object.entries(s.trainedCounts).map(([k, v]) => [Number(k), v]));
}

/** The last lines of each actor's log, for a failing test's message. */
export function logTails(dir: string, lines = 15): string {
  const logs = join(dir, 'logs');
  if (!existsSync(logs)) return `(no logs in ${dir})`;
  return readdirSync(logs).sort().map((f) => {
    const text = readFileSync(join(logs, f), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return `--- ${f}\n${text}`;
  }).join('\n');
}
