// End to end: `tribunal run` with every actor a separate process, over a
// private nats-server and the gRPC scheduler, on the trivial workload.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logTails, readMetrics, trainedCounts } from '../helpers/run-dir.ts';
import { runCli, trivialConfig } from '../helpers/trivial-run.ts';

describe('run - trivial workload end to end', () => {
  it('run - prompts flow rollout -> judge -> learner, each consumed exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-e2e-'));
    const cfg = trivialConfig(dir);
    const r = await runCli(['run', cfg, '--quiet']);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const rows = readMetrics(dir);
    expect(rows.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const counts = trainedCounts(dir);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });

  it('run - without NATS everything runs in one process on the in-process bus, still exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-local-'));
    const r = await runCli(['run', trivialConfig(dir), '--set', 'nats.url=local', '--quiet']);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stderr).toContain('"bus":"local"');
    const counts = trainedCounts(dir);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });

  it('run - groups larger than NATS\'s 1 MiB payload limit flow through the actors (claim check)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-large-'));
    const cfg = trivialConfig(dir, {
      run: { id: 'large', dir, steps: 2, seed: 1 },
      rl: { eta: 1, promptsPerStep: 2, groupSize: 4, maxNewTokens: 40_000, checkpointEvery: 1, lr: 0.1 },
      actors: { rollout: { replicas: 1 }, judge: { replicas: 1 } },
    });
    // The run is given less than the test's timeout, so a hang fails with the actors' logs, not a bare timeout.
    const r = await runCli(['run', cfg, '--quiet'], 45_000);
    expect(r.code, `${r.stderr.slice(-2000)}\n${logTails(dir)}`).toBe(0);
    const rows = readMetrics(dir);
    // 4 completions x 40,000 tokens x (4-byte id + 4-byte logprob) = 1.28 MB per group, over the 1 MiB limit
    expect(rows.map((m) => m.sampledTokens)).toEqual([320_000, 320_000]);
  });

  it('run - a bad config exits 2 with one line naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-e2e-'));
    const cfg = trivialConfig(dir, { rl: { eta: -3 } });
    const r = await runCli(['run', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/rl\.eta/);
  });
});
