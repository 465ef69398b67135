// Only the launcher is SIGKILLed: its actors and scheduler notice they are
// orphaned and exit on their own; the private nats-server it could not stop is
// found by its pid file and stopped by `--resume`, which then finishes the run
// with every prompt's effect exactly once.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetrics, trainedCounts } from '../helpers/run-dir.ts';
import { runCli, trivialConfig } from '../helpers/trivial-run.ts';
import { spawnCliGroup, killGroup, waitFor } from '../helpers/process-group.ts';

/** Live processes whose command line or environment mentions `needle`. */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const text = readFileSync(`/proc/${entry}/cmdline`, 'utf8') + readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (text.includes(needle)) pids.push(Number(entry));
    } catch { /* gone, or not ours to read */ }
  }
  return pids;
}

describe('run - launcher SIGKILLed alone', () => {
  it('run - orphaned actors exit, resume stops the stale nats-server and finishes exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-orphan-'));
    const steps = 10;
    const cfg = trivialConfig(dir, {
      run: { id: 'orphan', dir, steps, seed: 4 },
      rl: { eta: 1, promptsPerStep: 4, groupSize: 4, maxNewTokens: 6, checkpointEvery: 2, lr: 0.5 },
      engines: { policy: { backend: 'trivial', sampleDelayMs: 30, trainDelayMs: 80 }, judge: { backend: 'trivial' }, gold: { backend: 'trivial' } },
    });
    const first = spawnCliGroup(['run', cfg, '--quiet']);
    try {
      await waitFor(() => readMetrics(dir).length >= 4, 60_000, '4 learner steps');
      process.kill(first.pid, 'SIGKILL'); // the launcher only
      await first.exited;
      // Actors and scheduler leave by themselves; nats-server is what is left.
      await waitFor(() => processesMentioning(`TRIBUNAL_RUN_DIR=${dir}`).length === 0, 20_000, 'orphaned actors to exit');
      expect(processesMentioning(join(dir, 'nats')).length).toBe(1);
    } catch (e) {
      await killGroup(first.pid).catch(() => {}); // on failure only: it would also kill the nats-server resume must find
      throw e;
    }
    const r = await runCli(['run', '--resume', dir, '--quiet'], 90_000);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(processesMentioning(join(dir, 'nats'))).toEqual([]);
    const counts = trainedCounts(dir);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: steps * 4 }, (_, i) => i));
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  }, 150_000);
});
