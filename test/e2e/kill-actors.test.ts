// Nothing lost: SIGKILL a rollout actor, a judge and the learner in the middle
// of a run; the launcher restarts them, and the final weights hold every
// prompt's effect exactly once.
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { launchRun } from '../../src/launcher/launch.ts';
import type { Supervisor } from '../../src/launcher/supervisor.ts';
import { learnerStep } from '../../src/launcher/learner-step.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { readMetrics, readMetricsLines, trainedCounts } from '../helpers/run-dir.ts';
import { trivialConfig } from '../helpers/trivial-run.ts';

describe('run - actors killed mid-run', () => {
  it('run - SIGKILLed rollout, judge and learner lose nothing and double nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-kill-'));
    const steps = 10;
    const cfg = loadConfig(trivialConfig(dir, {
      run: { id: 'kill', dir, steps, seed: 5 },
      rl: { eta: 2, promptsPerStep: 4, groupSize: 4, maxNewTokens: 6, checkpointEvery: 2, lr: 0.5 },
      engines: { policy: { backend: 'trivial', sampleDelayMs: 40, trainDelayMs: 60 }, judge: { backend: 'trivial', judgeDelayMs: 10 }, gold: { backend: 'trivial' } },
      actors: { rollout: { replicas: 2 }, judge: { replicas: 2 }, gold: { replicas: 1, evalEvery: 2, evalPrompts: 4 } },
      monitor: { finalEvalTimeoutMs: 30000 },
    }));
    let sup: Supervisor | undefined;
    const killed: string[] = [];
    const killAt: Record<number, string> = { 2: 'rollout-0', 4: 'judge-1', 6: 'learner' };
    const result = await launchRun({
      cfg, actorLoops: ACTOR_LOOPS, log: NoopLogger, onSupervisor: (s) => (sup = s),
      onEvent: (e) => {
        const step = learnerStep(e)?.step;
        if (step === undefined) return;
        const victim = killAt[step];
        if (victim && !killed.includes(victim)) {
          const pid = sup!.pid(victim);
          if (pid) { process.kill(pid, 'SIGKILL'); killed.push(victim); }
        }
      },
    });
    expect(result.exitCode).toBe(0);
    expect(killed).toEqual(['rollout-0', 'judge-1', 'learner']);
    const counts = trainedCounts(dir);
    const total = steps * 4;
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    // The restarted learner marked where it resumed: rows a rollback undid are left out, each step once.
    expect(readMetricsLines(dir).some((l) => 'restore' in l)).toBe(true);
    const rowSteps = readMetrics(dir).map((m) => m.step as number);
    expect(new Set(rowSteps).size).toBe(rowSteps.length);
    const lastStep = readMetrics(dir).at(-1)!.step;
    expect(lastStep).toBeGreaterThanOrEqual(steps);
    // Eval rounds survive the learner's death too: every even step up to the end has its round.
    const rounds = new Set(readFileSync(join(dir, 'evals.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step as number));
    for (let step = 0; step <= steps; step += 2) expect(rounds.has(step), `eval round at step ${step}`).toBe(true);
    expect(rounds.has(lastStep)).toBe(true);
  }, 120_000);
});
