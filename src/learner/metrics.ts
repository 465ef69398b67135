// metrics.jsonl: one JSON line per learner step in the run directory.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export class MetricsWriter {
  private ready: Promise<unknown>;
  constructor(private readonly path: string) {
    this.ready = mkdir(dirname(path), { recursive: true });
  }
  async write(row: Record<string, unknown>): Promise<void> {
    await this.ready;
    await appendFile(this.path, JSON.stringify({ t: Date.now(), ...row }) + '\n');
  }
}
