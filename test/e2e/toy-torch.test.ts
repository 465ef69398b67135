// A real Hugging Face model (a tiny random-init Qwen2) post-trained by async
// GRPO through the torch engine, every actor its own process:
// examples/toy-torch.yaml learns its known optimum in sync mode with rollouts
// that have trainer services of their own (weights by reference) and in async
// mode with rollouts colocated with the learner (its service's sampling copy);
// and a SIGKILLed trainer service costs nothing: the learner notices, restarts
// from its last checkpoint, and every prompt's effect lands exactly once.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { launchRun } from '../../src/launcher/launch.ts';
import type { Supervisor } from '../../src/launcher/supervisor.ts';
import { learnerStep } from '../../src/launcher/learner-step.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { readMetrics, trainedCounts } from '../helpers/run-dir.ts';
import { torchAvailable } from '../helpers/torch.ts';
import { runCli, trivialConfig } from '../helpers/trivial-run.ts';

const EXAMPLE = resolve(import.meta.dirname, '../../examples/toy-torch.yaml');
const skip = torchAvailable() ? false : 'no trainer Python environment (run: tribunal doctor --setup)';

function run(dir: string, sets: string[], onEvent?: Parameters<typeof launchRun>[0]['onEvent'], onSupervisor?: (s: Supervisor) => void) {
  const cfg = loadConfig(EXAMPLE, { sets: [`run.dir=${dir}`, 'nats.ackWaitMs=20000', 'scheduler.heartbeatMs=500', ...sets] });
  return launchRun({ cfg, actorLoops: ACTOR_LOOPS, log: NoopLogger, onEvent, onSupervisor });
}

/** The trainer service a process started: its child running tribunal_trainer. */
function trainerServiceOf(parentPid: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parentPid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('tribunal_trainer')) return Number(entry);
    } catch { /* gone */ }
  }
  return undefined;
}

describe.skipIf(skip)('toy torch', () => {
  it.each([[0, 'separate'], [2, 'auto']] as const)('toy torch - a tiny HF model learns the known optimum (reward >= 8 of 9 within 30 steps) at eta %i, placement %s', async (eta, placement) => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-toy-torch-'));
    try {
      const r = await run(dir, [`rl.eta=${eta}`, `engines.policy.placement=${placement}`]);
      expect(r.exitCode).toBe(0);
      const rows = readMetrics(dir);
      expect(rows.length).toBeGreaterThanOrEqual(30);
      expect(rows[0].rewardMean).toBeLessThan(1.5);
      const last5 = rows.slice(-5).map((m) => m.rewardMean as number);
      expect(Math.min(...last5)).toBeGreaterThanOrEqual(8);
      // On-policy (eta 0, fp32 on CPU) sampler and trainer agree token by token.
      if (eta === 0) for (const m of rows) expect(m.mismatch).toBeLessThan(1e-3);
      const rollout = readFileSync(join(dir, 'logs', 'rollout-0.log'), 'utf8');
      const kept = readdirSync(join(dir, 'weights'));
      if (placement === 'separate') {
        // Weights went by reference: exported dirs, the newest few kept; the rollout ran a service of its own.
        expect(rollout).toMatch(/trainer service started/);
        expect(kept.length).toBeGreaterThan(1);
        expect(kept.length).toBeLessThanOrEqual(4);
      } else {
        // Colocated (auto, one machine): no service of the rollout's own, no version on disk but the final one.
        expect(rollout).toMatch(/sampling from the learner's trainer service \(colocated\)/);
        expect(rollout).not.toMatch(/trainer service started/);
        expect(kept).toEqual([`v${String(rows.at(-1)!.version).padStart(7, '0')}`]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);

  it('toy torch - a SIGKILLed trainer service: the learner restarts from its checkpoint, every prompt trained exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-toy-torch-kill-'));
    try {
      let sup: Supervisor | undefined;
      let killed: number | undefined;
      const steps = 12;
      const r = await run(dir, [`run.steps=${steps}`, 'rl.checkpointEvery=3'], (e) => {
        const step = learnerStep(e)?.step;
        if (step === 5 && killed === undefined) {
          const learner = sup!.pid('learner');
          killed = learner === undefined ? undefined : trainerServiceOf(learner);
          if (killed) process.kill(killed, 'SIGKILL');
        }
      }, (s) => (sup = s));
      expect(r.exitCode).toBe(0);
      expect(killed, 'found and killed the learner\'s trainer service').toBeGreaterThan(0);
      const log = readFileSync(join(dir, 'logs', 'learner.log'), 'utf8');
      expect(log).toMatch(/trainer service killed by SIGKILL/);
      expect(log).toMatch(/resumed from checkpoint/);
      const counts = trainedCounts(dir);
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: steps * 8 }, (_, i) => i));
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);
});

describe('toy torch - bad config', () => {
  it('run - a torch learner whose model dir is missing ends the run with exit 2 and a line naming the dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-torch-bad-'));
    try {
      const cfg = trivialConfig(dir, { engines: { policy: { backend: 'trivial' }, trainer: { backend: 'torch', model: join(dir, 'no-such-model') }, judge: { backend: 'trivial' }, gold: { backend: 'trivial' } } });
      const r = await runCli(['run', cfg, '--quiet']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/model dir \S*no-such-model does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
