// Resume after a hard stop: SIGKILL `tribunal run` with its whole process group
// (launcher, scheduler, actors, nats-server) mid-run, then `tribunal run
// --resume <dir>` finishes it, and the final weights hold every prompt's effect
// exactly once.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetrics, trainedCounts } from '../helpers/run-dir.ts';
import { runCli, trivialConfig } from '../helpers/trivial-run.ts';
import { killGroup, spawnCliGroup, waitFor } from '../helpers/process-group.ts';

describe('run - resume after the whole run was SIGKILLed', () => {
  it('run - --resume finishes a killed run; each prompt trained exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-resume-'));
    const steps = 12;
    const B = 4;
    const killAfterSteps = 5;
    const cfg = trivialConfig(dir, {
      run: { id: 'resume', dir, steps, seed: 7 },
      rl: { eta: 1, promptsPerStep: B, groupSize: 4, maxNewTokens: 6, checkpointEvery: 2, lr: 0.5 },
      engines: { policy: { backend: 'trivial', sampleDelayMs: 30, trainDelayMs: 80 }, judge: { backend: 'trivial', judgeDelayMs: 5 }, gold: { backend: 'trivial' } },
    });

    const first = spawnCliGroup(['run', cfg, '--quiet']);
    try {
      await waitFor(() => readMetrics(dir).length >= killAfterSteps, 60_000, `${killAfterSteps} learner steps`);
    } finally {
      await killGroup(first.pid);
    }
    const before = readMetrics(dir);
    expect(before.length, first.output().slice(-2000)).toBeLessThan(steps);
    expect((await first.exited).signal).toBe('SIGKILL');

    const r = await runCli(['run', '--resume', dir, '--quiet'], 90_000);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const rows = readMetrics(dir);
    expect(rows.length).toBeGreaterThan(before.length);
    // A step can train fewer than B groups when an old attempt's group (redelivered
    // from before the kill) and its re-issue both reach the learner: the ledger
    // counts one and refuses the other, so the run may need a step more.
    const last = rows.at(-1)!.step as number;
    expect(last).toBeGreaterThanOrEqual(steps);
    // Steps after the last checkpoint are trained again after the resume; none is skipped.
    expect(new Set(rows.map((m) => m.step))).toEqual(new Set(Array.from({ length: last }, (_, i) => i + 1)));
    const counts = trainedCounts(dir);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: steps * B }, (_, i) => i));
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  }, 150_000);
});
