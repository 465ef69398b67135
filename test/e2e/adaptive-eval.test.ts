// Adaptive eval rounds live in `tribunal run`: with gold flat by construction
// (flatDelta larger than any change) and the watch quiet, the interval doubles
// from evalEvery up to maxEvery, so the run asks gold for fewer rounds than a
// fixed schedule would, and still makes the first and the final one.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, trivialConfig } from '../helpers/trivial-run.ts';
import { readEvalRows } from '../../src/learner/evals-file.ts';
import { trainedCounts } from '../helpers/run-dir.ts';

describe('adaptive eval rounds', () => {
  it('adaptive eval - a flat, quiet run spaces its rounds out (0, 2, 6, 14 and the final 16 when results come back within a step)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-adaptive-'));
    const steps = 16;
    const cfg = trivialConfig(dir, {
      run: { id: 'adaptive', dir, steps, seed: 3 },
      // Steps of 800 ms: a round's result (trivial engines, milliseconds) is back before the next is due.
      engines: { policy: { backend: 'trivial', trainDelayMs: 800 }, judge: { backend: 'trivial' }, gold: { backend: 'trivial' } },
      actors: { rollout: { replicas: 1 }, judge: { replicas: 1 }, gold: { replicas: 1, evalEvery: 2, evalPrompts: 4 } },
      monitor: { finalEvalTimeoutMs: 30000, forecast: false, goldFree: { minSteps: 1000 }, adaptiveEval: { enabled: true, flatDelta: 100, maxEvery: 8 } },
    });
    const r = await runCli(['run', cfg, '--quiet'], 120_000);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const rounds = readEvalRows(dir).map((x) => x.step);
    expect(rounds[0]).toBe(0);
    expect(rounds.at(-1)).toBe(steps);
    // A fixed schedule makes 9 (0, 2, ..., 16); this one 5, or a little more if a result came late.
    expect(rounds.length, rounds.join(' ')).toBeLessThanOrEqual(7);
    expect(rounds.slice(0, 3), rounds.join(' ')).toEqual([0, 2, 6]);
    const counts = trainedCounts(dir);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  }, 150_000);
});
