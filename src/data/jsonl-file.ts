// A JSONL data file read and checked line by line: every non-empty line is
// parsed and validated against a schema; a bad one fails with the file, the
// line number and the field, so a user can open the file at that line.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { z } from 'zod';
import { TribunalError, oneLine } from '../core/errors.ts';
import { formatZodIssue } from '../core/zod-issue.ts';

export interface JsonlLine<T> {
  /** 1-based line number in the file. */
  line: number;
  value: T;
}

/**
 * `what` names the file's role in the "cannot read" line (data, preferences).
 * headBytes: only the lines within the file's first headBytes bytes (a
 * preflight's quick look at a file of any size).
 */
export function readJsonlFile<S extends z.ZodType>(path: string, schema: S, what: string, opts: { headBytes?: number } = {}): JsonlLine<z.output<S>>[] {
  let text: string;
  try {
    text = opts.headBytes === undefined ? readFileSync(path, 'utf8') : readHead(path, opts.headBytes);
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', `${what}: cannot read ${path}: ${oneLine(e)}`, { cause: e });
  }
  const out: JsonlLine<z.output<S>>[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new TribunalError('BAD_CONFIG', `${path}:${i + 1}: not JSON: ${oneLine(e)}`, { cause: e });
    }
    const r = schema.safeParse(parsed);
    if (!r.success) throw new TribunalError('BAD_CONFIG', `${path}:${i + 1}: ${formatZodIssue(r.error)}`);
    out.push({ line: i + 1, value: r.data });
  });
  return out;
}

/** The file's whole lines within its first `bytes` bytes (all of it when shorter). */
function readHead(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes + 1);
    const n = readSync(fd, buf, 0, bytes + 1, 0);
    const text = buf.subarray(0, Math.min(n, bytes)).toString('utf8');
    return n <= bytes ? text : text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  } finally {
    closeSync(fd);
  }
}
