// Prompts from JSONL files (one {"prompt": ..., ...metadata} object per line),
// for real data. Each line is checked; a bad one fails with the file and line.
import { z } from 'zod';
import { TribunalError } from '../core/errors.ts';
import type { PromptRecord } from './prompt-record.ts';
import { readJsonlFile } from './jsonl-file.ts';
import { tabularKind } from './tabular.ts';

const Line = z.object({ prompt: z.string().min(1) }).catchall(z.union([z.string(), z.number(), z.boolean(), z.null()]));

const cache = new Map<string, PromptRecord[]>();

export function readJsonlPrompts(path: string): PromptRecord[] {
  const hit = cache.get(path);
  if (hit) return hit;
  if (tabularKind(path)) throw new TribunalError('BAD_CONFIG', `${path}: a ${tabularKind(path) === 'parquet' ? 'Parquet' : 'datasets'} input, which tribunal run and tribunal study read into JSONL at start; where actors start on their own (a deployment), convert it first: tribunal data ${path} <out.jsonl> [--field prompt=<column>]`);
  const records: PromptRecord[] = readJsonlFile(path, Line, 'data').map(({ line, value: { prompt, ...rest } }) => {
    const meta = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null)) as PromptRecord['meta'];
    return { text: prompt, input: prompt, meta: { line, ...meta } };
  });
  if (records.length === 0) throw new TribunalError('BAD_CONFIG', `${path}: no prompts`);
  cache.set(path, records);
  return records;
}

/** A quick look for a preflight: the lines in the file's first headBytes parse as prompts, and there is one. */
export function checkJsonlPromptsHead(path: string, headBytes: number): void {
  if (readJsonlFile(path, Line, 'data', { headBytes }).length === 0) throw new TribunalError('BAD_CONFIG', `${path}: no prompts`);
}
