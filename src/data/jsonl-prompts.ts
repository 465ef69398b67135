// Prompts from JSONL files (one {"prompt": ..., ...metadata} object per line),
// for real data. Each line is checked; a bad one fails with the file and line.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TribunalError, oneLine } from '../core/errors.ts';
import type { PromptRecord } from './prompt-record.ts';
import { formatZodIssue } from '../core/zod-issue.ts';

const Line = z.object({ prompt: z.string().min(1) }).catchall(z.union([z.string(), z.number(), z.boolean(), z.null()]));

const cache = new Map<string, PromptRecord[]>();

export function readJsonlPrompts(path: string): PromptRecord[] {
  const hit = cache.get(path);
  if (hit) return hit;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', `data: cannot read ${path}: ${oneLine(e)}`, { cause: e });
  }
  const records: PromptRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new TribunalError('BAD_CONFIG', `${path}:${i + 1}: not JSON: ${oneLine(e)}`, { cause: e });
    }
    const r = Line.safeParse(parsed);
    if (!r.success) throw new TribunalError('BAD_CONFIG', `${path}:${i + 1}: ${formatZodIssue(r.error)}`);
    const { prompt, ...rest } = r.data;
    const meta = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null)) as PromptRecord['meta'];
    records.push({ text: prompt, input: prompt, meta: { line: i + 1, ...meta } });
  });
  if (records.length === 0) throw new TribunalError('BAD_CONFIG', `${path}: no prompts`);
  cache.set(path, records);
  return records;
}
