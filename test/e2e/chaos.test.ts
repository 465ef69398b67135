// Chaos: one run in which actors, the scheduler and the private nats-server
// are SIGKILLed at random steps (seeded), and poison is fed to every work
// queue and subject while it trains: garbage, wrong shapes, NaN, unknown
// prompts, attempt 0, forged claim-check envelopes and a forged weights
// announcement. The run finishes; every prompt's effect lands exactly once;
// every bad message is dead-lettered and counted.
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
import { Rng } from '../../src/core/rng.ts';
import { readMetrics, trainedCounts } from '../helpers/run-dir.ts';
import { trivialConfig } from '../helpers/trivial-run.ts';
import { startNats } from '../../src/testing/nats-server.ts';
import { connectBus } from '../../src/bus/connect.ts';
import { subjectsFor } from '../../src/wire/subjects.ts';
import { openQueues } from '../../src/runtime/context.ts';
import { encode, decode } from '../../src/wire/codec.ts';
import { sealEnvelope } from '../../src/bus/claim-check-envelope.ts';
import { DeadLetter, type RolloutGroup, type ScoredGroup } from '../../src/wire/messages.ts';

const STEPS = 14;

function expectExactlyOnce(dir: string, total: number): void {
  const counts = trainedCounts(dir);
  expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
  const steps = readMetrics(dir).map((m) => m.step as number);
  expect(new Set(steps).size).toBe(steps.length);
}

const config = (dir: string, over: Record<string, unknown> = {}) => loadConfig(trivialConfig(dir, {
  run: { id: 'chaos', dir, steps: STEPS, seed: 11 },
  rl: { eta: 2, promptsPerStep: 4, groupSize: 4, maxNewTokens: 6, checkpointEvery: 2, lr: 0.5 },
  engines: { policy: { backend: 'trivial', sampleDelayMs: 40, trainDelayMs: 60 }, judge: { backend: 'trivial', judgeDelayMs: 10 }, gold: { backend: 'trivial' } },
  actors: { rollout: { replicas: 2 }, judge: { replicas: 2 }, gold: { replicas: 1, evalEvery: 4, evalPrompts: 4 } },
  monitor: { finalEvalTimeoutMs: 30000 },
  ...over,
}));

describe('chaos', () => {
  it('chaos - random SIGKILLs of actors, the scheduler and nats-server in one run: nothing lost, nothing doubled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-chaos-'));
    const cfg = config(dir);
    const rng = new Rng(2026);
    const victims = ['rollout-0', 'rollout-1', 'judge-0', 'judge-1', 'gold-0', 'learner', 'scheduler', 'nats-server'];
    // Seven kills at distinct steps 2..13, each of a victim drawn at random (the scheduler and nats-server each at least once).
    const plan = new Map<number, string>();
    const steps = Array.from({ length: STEPS - 2 }, (_, i) => i + 2).sort(() => rng.next() - 0.5).slice(0, 7).sort((a, b) => a - b);
    steps.forEach((s, i) => plan.set(s, i === 1 ? 'scheduler' : i === 3 ? 'nats-server' : victims[Math.floor(rng.next() * victims.length)]));
    let sup: Supervisor | undefined;
    const killed: string[] = [];
    const result = await launchRun({
      cfg, actorLoops: ACTOR_LOOPS, log: NoopLogger, onSupervisor: (s) => (sup = s),
      onEvent: (e) => {
        const step = learnerStep(e)?.step;
        const victim = step === undefined ? undefined : plan.get(step);
        if (!victim || killed.length >= plan.size || killed.includes(`${victim}@${step}`)) return;
        const pid = victim === 'nats-server' ? Number(readFileSync(join(dir, 'nats', 'nats-server.pid'), 'utf8')) : sup!.pid(victim);
        if (pid) { process.kill(pid, 'SIGKILL'); killed.push(`${victim}@${step}`); }
      },
    });
    expect(result.exitCode, `kills: ${killed.join(', ')}`).toBe(0);
    expect(killed.length).toBeGreaterThanOrEqual(5);
    expect(killed.some((k) => k.startsWith('scheduler@'))).toBe(true);
    expect(killed.some((k) => k.startsWith('nats-server@'))).toBe(true);
    expectExactlyOnce(dir, STEPS * 4);
  }, 240_000);

  it('chaos - poison on every queue and subject during a run is dead-lettered and counted; the run finishes exactly once', async () => {
    await using nats = await startNats();
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-poison-run-'));
    const cfg = config(dir, { nats: { url: nats.url, ackWaitMs: 3000, connectGiveUpMs: 20000, maxDeliveries: 3 } });
    const s = subjectsFor('chaos');
    const bus = await connectBus({ url: nats.url, claimCheckBucket: s.buckets.blobs });
    const queues = await openQueues(bus, s);
    const letters: { kind: string; reason: string }[] = [];
    const dlq = bus.subscribe(s.deadLetter);
    void (async () => { for await (const m of dlq) { const d = DeadLetter.parse(decode(m.data)); letters.push({ kind: d.kind, reason: d.reason }); } })();

    const completion = (logprob: number) => ({ text: 'x', tokensT: new Int32Array([1]), logprobsT: new Float32Array([logprob]), finished: true });
    const group = (over: Partial<RolloutGroup> = {}): RolloutGroup => ({
      promptId: '0', attempt: 1, groupId: 'forged', version: 0, prompt: 'p', promptTokens: new Int32Array([1]),
      completionsG: [completion(-1), completion(-1)], actorId: 'outsider', sampledAtMs: Date.now(), meta: {}, ...over,
    });
    const scored = (over: Partial<ScoredGroup> = {}): ScoredGroup => ({ ...group(), judgeId: 'outsider', rewardsG: new Float32Array([1, 2]), verdictsG: [], invalid: 0, ...over });
    const garbage = Uint8Array.of(0x00, 0xff, 0x13);
    const forgedEnvelope = Uint8Array.of(0xc1, 0x54, 0x43, 0x43, 0x31, 0xff);
    const poison: [string, { push(subject: string, data: Uint8Array): Promise<void> }, string, Uint8Array][] = [];
    for (const [name, q, subject] of [['rollouts', queues.rollouts, s.rollouts], ['scored', queues.scored, s.scored], ['gold', queues.gold, s.goldRequests], ['goldResults', queues.goldResults, s.goldResults]] as const) {
      poison.push([`${name} garbage`, q, subject, garbage], [`${name} forged envelope`, q, subject, forgedEnvelope], [`${name} missing object`, q, subject, sealEnvelope('gone', 9999)], [`${name} wrong shape`, q, subject, encode({ hello: 'world' })]);
    }
    const nanLogprob = group();
    nanLogprob.completionsG[0].logprobsT[0] = Number.NaN;
    poison.push(
      ['rollout NaN logprob', queues.rollouts, s.rollouts, encode(nanLogprob)],
      ['rollout attempt 0', queues.rollouts, s.rollouts, encode(group({ attempt: 0 }))],
      ['scored NaN reward', queues.scored, s.scored, encode(scored({ rewardsG: new Float32Array([Number.NaN, 1]) }))],
      ['scored unknown prompt', queues.scored, s.scored, encode(scored({ promptId: '999999' }))],
      ['scored negative version', queues.scored, s.scored, encode(scored({ version: -1 }))],
    );
    let fed = false;
    const result = await launchRun({
      cfg, actorLoops: ACTOR_LOOPS, log: NoopLogger,
      onEvent: (e) => {
        if (fed || learnerStep(e)?.step !== 3) return;
        fed = true;
        void (async () => {
          for (const [, q, subject, data] of poison) await q.push(subject, data);
          // A forged announcement: a version far beyond the clock, published "now", and one from the future.
          await bus.publish(s.weights, encode({ version: 2 ** 31 - 1, object: 'v1', bytes: 1, shapeKey: 'x', publishedAtMs: Date.now() }));
          await bus.publish(s.weights, encode({ version: 1, object: 'v1', bytes: 1, shapeKey: 'x', publishedAtMs: Date.now() + 1e12 }));
        })();
      },
    });
    expect(fed).toBe(true);
    expect(result.exitCode).toBe(0);
    expectExactlyOnce(dir, STEPS * 4);
    // Each poisoned queue item was dead-lettered once, with a reason.
    await new Promise((r) => setTimeout(r, 500));
    expect(letters.length, letters.map((l) => `${l.kind}: ${l.reason}`).join('\n')).toBe(poison.length);
    expect(letters.every((l) => l.reason.length > 0)).toBe(true);
    // The dead letters are counted on the actors' metrics, logged at stop.
    const stopped = ['judge-0', 'judge-1', 'learner', 'gold-0'].flatMap((a) => readFileSync(join(dir, 'logs', `${a}.log`), 'utf8').split('\n'))
      .filter((l) => l.includes('"msg":"stopped"')).map((l) => JSON.parse(l) as Record<string, number>);
    expect(stopped.reduce((n, c) => n + (c.dead_letters ?? 0), 0)).toBeGreaterThanOrEqual(poison.length);
    dlq.unsubscribe();
    await bus.close();
  }, 240_000);
});
