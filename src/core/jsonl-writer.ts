// JSON-lines files of the run directory (metrics.jsonl, evals.jsonl,
// events.jsonl, usage.jsonl): appended row by row, each stamped with `t` (ms
// since the epoch), and read back whole. What a row holds is its writer's.
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export class JsonlWriter {
  private ready: Promise<unknown>;
  constructor(private readonly path: string) {
    this.ready = mkdir(dirname(path), { recursive: true });
  }
  async write(row: Record<string, unknown>): Promise<void> {
    await this.ready;
    await appendFile(this.path, JSON.stringify({ t: Date.now(), ...row }) + '\n');
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
