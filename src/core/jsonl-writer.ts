// Appends JSON lines (each stamped with `t`, ms since the epoch) to a file in
// the run directory: metrics.jsonl, evals.jsonl, events.jsonl, usage.jsonl.
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
