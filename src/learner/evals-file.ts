// The gold files of a run dir: evals.jsonl, one row per eval round on held-out
// prompts, and gold-train.jsonl, one row per gold-scored training group. The
// learner appends them and replays them after a restart; the study reads them
// for the report. One reader of each for both.
import { join } from 'node:path';
import { readJsonlRows } from '../core/jsonl-writer.ts';
import type { TrainGoldRow } from '../monitor/train-gold.ts';

export interface Sample { prompt: string; response: string; gold: number; proxy: number }

export interface EvalRow {
  step: number; version: number; proxy: number; gold: number; samples: Sample[];
  /** KL to the initial policy measured at the round's step (null or absent: not measured). */
  kl?: number | null;
  /** The gold-peak forecast after this round (src/monitor/peak-forecast.ts). */
  forecast?: { status: 'too-few-rounds' | 'no-peak-yet' | 'ahead' | 'plateau' | 'near' | 'passed'; peakStep: number | null; band: [number, number] | null; dStar: number | null; dNow: number | null; rounds: number } | null;
  /** The n-grams the judge overrated most in this round (src/monitor/pattern-mining.ts). */
  patterns?: { overrated: number; ratedRight: number; patterns: { ngram: string; z: number; inOverrated: number; inRatedRight: number }[] };
}

export const evalsPath = (runDir: string) => join(runDir, 'evals.jsonl');

/**
 * The rounds of a run in step order. A step logged twice was evaluated again
 * by a learner resumed from an earlier checkpoint (the first round saw
 * weights the rollback undid): the last counts.
 */
export function readEvalRows(runDir: string): EvalRow[] {
  const byStep = new Map<number, EvalRow>();
  for (const row of readJsonlRows<EvalRow>(evalsPath(runDir))) byStep.set(row.step, row);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

export const goldTrainPath = (runDir: string) => join(runDir, 'gold-train.jsonl');

/** Gold-scored training groups, each once (a redelivered result logged twice counts once). */
export function readGoldTrainRows(runDir: string): TrainGoldRow[] {
  const byId = new Map<string, TrainGoldRow>();
  for (const row of readJsonlRows<TrainGoldRow>(goldTrainPath(runDir))) if (!byId.has(row.requestId)) byId.set(row.requestId, row);
  return [...byId.values()];
}
