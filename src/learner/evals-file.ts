// evals.jsonl, one row per eval round: the learner appends it and replays it
// after a restart, the study reads it for the report. One reader for both.
import { join } from 'node:path';
import { readJsonlRows } from '../core/jsonl-writer.ts';

export interface Sample { prompt: string; response: string; gold: number; proxy: number }

export interface EvalRow { step: number; version: number; proxy: number; gold: number; samples: Sample[] }

export const evalsPath = (runDir: string) => join(runDir, 'evals.jsonl');

/** The rounds of a run in step order; a step logged twice (a resumed learner) counts once, the first. */
export function readEvalRows(runDir: string): EvalRow[] {
  const byStep = new Map<number, EvalRow>();
  for (const row of readJsonlRows<EvalRow>(evalsPath(runDir))) {
    if (!byStep.has(row.step)) byStep.set(row.step, row);
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}
