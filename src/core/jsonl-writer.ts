// JSON-lines files of the run directory (metrics.jsonl, evals.jsonl,
// events.jsonl, usage.jsonl): appended row by row, each stamped with `t` (ms
// since the epoch), and read back whole. What a row holds is its writer's.
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeError } from './write-error.ts';

export class JsonlWriter {
  /** Appends run one after another, so rows written concurrently never interleave and only the last can be torn. */
  private tail: Promise<unknown>;
  constructor(private readonly path: string) {
    this.tail = mkdir(dirname(path), { recursive: true });
  }
  write(row: Record<string, unknown>): Promise<void> {
    const line = JSON.stringify({ t: Date.now(), ...row }) + '\n';
    const done = this.tail.then(() => appendFile(this.path, line)).catch((e: unknown) => { throw writeError(this.path, e); });
    this.tail = done.catch(() => {});
    return done;
  }
}

/** Every row of a JSON-lines file ([] when it does not exist); a torn last line (a killed writer) is skipped. */
export function readJsonlRows<T = Record<string, unknown>>(path: string): T[] {
  if (!existsSync(path)) return [];
  const rows: T[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      rows.push(JSON.parse(line) as T);
    } catch (e) {
      if (i < lines.length - 2) throw e; // only the last line can be torn
    }
  });
  return rows;
}
