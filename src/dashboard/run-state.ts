// What the live page shows, read from a run directory while it trains (or
// after): eval rounds (proxy and gold per step), the gold peak and hacking
// flags from events.jsonl, per-step reward, staleness and throughput from
// metrics.jsonl (rows a rollback undid left out), and the newest eval
// samples with the ones the judge overrates marked. Rows are read whole each
// time; a torn last line (a writer mid-append) is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonlRows } from '../core/jsonl-writer.ts';
import { readEvalRows } from '../learner/evals-file.ts';
import { readMetricsRows } from '../learner/metrics-file.ts';

/** A sample is overrated when the judge scores it this far above gold (0-9 scale). */
export const OVERRATED_BY = 2;

export interface RunState {
  runDir: string;
  runId: string;
  rounds: { step: number; proxy: number; gold: number }[];
  goldPeak: { step: number; gold: number } | null;
  hacking: { step: number; goldPeak: number }[];
  steps: { step: number; reward: number; staleness: number; tokensPerS: number }[];
  samples: { step: number; prompt: string; response: string; proxy: number; gold: number; overrated: boolean }[];
  updatedAtMs: number;
}

function meanStaleness(hist: unknown): number {
  if (!hist || typeof hist !== 'object') return 0;
  let n = 0, sum = 0;
  for (const [k, v] of Object.entries(hist as Record<string, number>)) { n += v; sum += Number(k) * v; }
  return n ? sum / n : 0;
}

/** Reads the run dir; throws one line when it is not one. */
export function readRunState(runDir: string, newestSamples = 12): RunState {
  if (!existsSync(join(runDir, 'config.json'))) throw new Error(`${runDir} is not a run directory (no config.json)`);
  let runId = '';
  try { runId = (JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as { run?: { id?: string } }).run?.id ?? ''; } catch { /* being written */ }
  const rows = readEvalRows(runDir);
  const events = readJsonlRows<{ type?: string; step?: number; gold?: number; goldPeak?: number }>(join(runDir, 'events.jsonl'));
  const peaks = events.filter((e) => e.type === 'gold-peak' && typeof e.step === 'number');
  const last = rows.at(-1);
  return {
    runDir,
    runId,
    rounds: rows.map((r) => ({ step: r.step, proxy: r.proxy, gold: r.gold })),
    goldPeak: peaks.length ? { step: peaks.at(-1)!.step!, gold: peaks.at(-1)!.gold ?? 0 } : null,
    hacking: events.filter((e) => e.type === 'hacking').map((e) => ({ step: e.step ?? 0, goldPeak: e.goldPeak ?? 0 })),
    steps: readMetricsRows<{ step: number; rewardMean?: number; staleness?: unknown; sampledTokensPerS?: number }>(runDir)
      .map((m) => ({ step: m.step, reward: m.rewardMean ?? 0, staleness: meanStaleness(m.staleness), tokensPerS: Number.isFinite(m.sampledTokensPerS) ? m.sampledTokensPerS! : 0 })),
    samples: (last?.samples ?? []).slice(0, newestSamples).map((s) => ({ step: last!.step, ...s, overrated: s.proxy - s.gold >= OVERRATED_BY })),
    updatedAtMs: Date.now(),
  };
}
