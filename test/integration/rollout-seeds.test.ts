// A rollout's sampling seed is a function of (run seed, prompt id, attempt)
// only: whichever actor samples a prompt, restarted or one of many, draws the
// same completions for it (real gRPC scheduler, in-process bus, trivial engine).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSchedulerServer } from '../../src/scheduler/server.ts';
import { parseConfig } from '../../src/config/load.ts';
import { LocalBus } from '../../src/bus/local-bus.ts';
import { hostActor } from '../../src/runtime/actor-host.ts';
import { openQueues } from '../../src/runtime/context.ts';
import { subjectsFor } from '../../src/wire/subjects.ts';
import { decode } from '../../src/wire/codec.ts';
import { RolloutGroup } from '../../src/wire/messages.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { rolloutSeed } from '../../src/core/rng.ts';
import { runRollout } from '../../actors/rollout/rollout-actor.ts';

const PROMPTS = 12;

/** Samples every prompt once with `actors` rollout actors; returns "prompt.attempt" -> completion tokens. */
async function sampleAll(actors: number, groupsInFlight: number): Promise<Map<string, number[][]>> {
  const dir = mkdtempSync(join(tmpdir(), 'tribunal-seeds-'));
  // B = all prompts and eta 0: admission grants every prompt at version 0, no learner needed.
  const scheduler = await startSchedulerServer({ address: '127.0.0.1:0', stateDir: join(dir, 's'), totalPrompts: PROMPTS, datasetSize: PROMPTS, batchSize: PROMPTS, eta: 0 });
  const cfg = parseConfig({
    run: { id: 'seeds', dir, seed: 5 }, nats: { url: 'local' },
    scheduler: { address: `127.0.0.1:${scheduler.port}`, heartbeatMs: 200 },
    rl: { promptsPerStep: PROMPTS, groupSize: 4, maxNewTokens: 6, eta: 0 }, data: { datasetSize: PROMPTS },
    actors: { rollout: { replicas: actors, groupsInFlight } },
  });
  const bus = new LocalBus();
  const queues = await openQueues(bus, subjectsFor('seeds'));
  const stop = new AbortController();
  const hosts = Array.from({ length: actors }, (_, i) => hostActor({ cfg, kind: 'rollout', loop: runRollout, actorId: `rollout-${i}`, bus, log: NoopLogger, signal: stop.signal }));
  const out = new Map<string, number[][]>();
  const consumer = queues.rollouts.consume({ durable: 'judges', maxInFlight: PROMPTS, ackWaitMs: 10_000 });
  for await (const item of consumer) {
    const g = RolloutGroup.parse(decode(item.data));
    out.set(`${g.promptId}.${g.attempt}`, g.completionsG.map((c) => Array.from(c.tokensT)));
    await item.ack();
    if (out.size === PROMPTS) break;
  }
  await consumer.stop();
  stop.abort();
  await Promise.all(hosts);
  await bus.close();
  await scheduler.close();
  rmSync(dir, { recursive: true, force: true });
  return out;
}

describe('rollout seeds', () => {
  it('rollout seeds - derived from (run seed, prompt, attempt) alone', () => {
    expect(rolloutSeed(5, '3', 1)).toBe(rolloutSeed(5, '3', 1));
    const seeds = new Set([rolloutSeed(5, '3', 1), rolloutSeed(5, '3', 2), rolloutSeed(5, '4', 1), rolloutSeed(6, '3', 1)]);
    expect(seeds.size).toBe(4);
  });

  it('rollout seeds - a fresh actor, or one of several, draws the same completions for each prompt', async () => {
    const one = await sampleAll(1, 1);
    const three = await sampleAll(3, 2);
    expect(one.size).toBe(PROMPTS);
    expect([...three.keys()].sort()).toEqual([...one.keys()].sort());
    for (const [key, completions] of one) expect(three.get(key), key).toEqual(completions);
    // Not one stream cut into pieces: prompts differ from each other.
    expect(new Set([...one.values()].map((c) => JSON.stringify(c))).size).toBe(PROMPTS);
  });
});
