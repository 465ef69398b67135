// Gold labels of off-policy (prompt, response) pairs, paid for once: every
// verdict gold gives (valid or not) is appended to a cache file in the study
// dir, keyed by the pair, so a resumed or repeated study never asks twice.
// An invalid verdict is counted and left out of judge training; a request that
// still fails after the engine's retries is counted too and left unlabelled
// (asked again next time), and labelling goes on: pairs are asked one per
// request, a window of them at once, so one that fails or is slow holds no
// other up. Gold's cost (requests, tokens) accumulates in a usage file beside
// the cache, saved as labelling goes, for the report.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Judge } from '../engines/types.ts';
import type { OffPolicyPair } from '../data/preference-pairs.ts';
import { JsonlWriter, readJsonlRows } from '../core/jsonl-writer.ts';
import { oneLine } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { forEachPooled } from '../core/for-each-pooled.ts';

/** A gold-labelled off-policy example, from whatever world it came. */
export interface LabelledExample {
  prompt: string;
  response: string;
  /** Gold's integer score 0..9. */
  gold: number;
  /** Gold's reasoning ('' when it gave none): what a reasoning judge distils. */
  reasoning: string;
}

interface LabelRow { key: string; prompt: string; response: string; valid: boolean; score: number | null; reasoning: string }

export interface GoldLabelling {
  examples: LabelledExample[];
  /** Verdicts gold gave that did not parse (cached: not asked again). */
  invalid: number;
  /** Requests that failed after retries this time (not cached: asked again on resume). */
  failed: number;
  /** Gold's usage over every labelling run of this study (requests, tokens). */
  usage: Record<string, number>;
}

export const pairKey = (prompt: string, response: string): string => createHash('sha256').update(prompt).update('\0').update(response).digest('hex').slice(0, 32);

export interface LabelOptions {
  /** Pairs asked for at once (each its own request; the engine bounds its HTTP requests in flight). @default 64 */
  concurrency?: number;
  log: Logger;
  progress?: (done: number, total: number) => void;
}

export async function labelWithGold(pairs: readonly OffPolicyPair[], gold: Judge, files: { cache: string; usage: string }, opts: LabelOptions): Promise<GoldLabelling> {
  const cached = new Map(readJsonlRows<LabelRow>(files.cache).map((r) => [r.key, r]));
  const writer = new JsonlWriter(files.cache);
  const todo = pairs.filter((p) => !cached.has(pairKey(p.prompt, p.response)));
  // Gold's cost is saved as labelling goes, so a killed study still reports what it paid for.
  const usageBefore = readUsage(files.usage);
  let usageWrites: Promise<unknown> = Promise.resolve();
  const saveUsage = () => {
    const usage = addUsage(usageBefore, gold.usageSnapshot?.() as Record<string, unknown> | undefined);
    usageWrites = usageWrites.then(() => writeFile(files.usage, JSON.stringify(usage, null, 2) + '\n'));
    return usageWrites;
  };
  let done = 0;
  let failed = 0;
  // A window of requests, each pair its own: a slow verdict holds up no other, and one gold keeps failing on fails alone.
  await forEachPooled(todo, Math.max(1, opts.concurrency ?? 64), async (p) => {
    try {
      const [v] = await gold.scorePointwise([{ prompt: p.prompt, response: p.response }]);
      const row: LabelRow = { key: pairKey(p.prompt, p.response), prompt: p.prompt, response: p.response, valid: v.valid && v.score !== null, score: v.score === null ? null : Math.round(v.score), reasoning: v.reasoningText ?? '' };
      cached.set(row.key, row);
      await writer.write({ ...row });
    } catch (e) {
      failed++;
      opts.log.warn('gold could not label a pair; it is asked again on the next run', { prompt: p.prompt.slice(0, 80), reason: oneLine(e) });
    }
    done++;
    if (done % 32 === 0 || done === todo.length) {
      opts.progress?.(done, todo.length);
      await saveUsage();
    }
  });
  await saveUsage();
  const usage = addUsage(usageBefore, gold.usageSnapshot?.() as Record<string, unknown> | undefined);
  const examples: LabelledExample[] = [];
  let invalid = 0;
  for (const p of pairs) {
    const row = cached.get(pairKey(p.prompt, p.response));
    if (!row) continue;
    if (!row.valid || row.score === null) { invalid++; continue; }
    examples.push({ prompt: row.prompt, response: row.response, gold: row.score, reasoning: row.reasoning });
  }
  return { examples, invalid, failed, usage };
}

function readUsage(file: string): Record<string, number> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>) : {};
}

/** The usage saved by earlier runs plus this run's numeric counters. */
function addUsage(before: Record<string, number>, now: Record<string, unknown> | undefined): Record<string, number> {
  const out: Record<string, number> = { ...before };
  for (const [k, v] of Object.entries(now ?? {})) if (typeof v === 'number') out[k] = (out[k] ?? 0) + v;
  return out;
}
