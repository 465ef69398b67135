// Bad input never crashes an actor: a judge actor fed garbage and
// schema-violating messages dead-letters them with a reason, counts them, and
// goes on scoring the good ones (real nats-server, real gRPC scheduler).
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNats } from '../../src/testing/nats-server.ts';
import { startSchedulerServer } from '../../src/scheduler/server.ts';
import { parseConfig } from '../../src/config/load.ts';
import { connectBus } from '../../src/bus/connect.ts';
import { hostActor } from '../../src/runtime/actor-host.ts';
import { runJudge } from '../../actors/judge/judge-actor.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { subjectsFor } from '../../src/wire/subjects.ts';
import { openQueues } from '../../src/runtime/context.ts';
import { decode, encode } from '../../src/wire/codec.ts';
import { DeadLetter, ScoredGroup, type RolloutGroup } from '../../src/wire/messages.ts';
import { startHealthServer } from '../../src/runtime/health.ts';
import { sealEnvelope } from '../../src/bus/claim-check-envelope.ts';
import { startFakeVllm } from '../../src/testing/fake-vllm.ts';

const group = (promptId: string): RolloutGroup => ({
  promptId, attempt: 1, groupId: `${promptId}.1`, version: 0, prompt: 'prompt 1', promptTokens: new Int32Array(0),
  completionsG: [0, 1].map((k) => ({ text: `1 ${k}`, tokensT: new Int32Array([1, k]), logprobsT: new Float32Array([-1, -1]), finished: false })),
  actorId: 'test', sampledAtMs: Date.now(), meta: {},
});

describe('actor - bad input', () => {
  it('actor - a judge dead-letters garbage and bad schemas, counts them, and keeps scoring', async () => {
    await using nats = await startNats();
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-bad-'));
    const scheduler = await startSchedulerServer({ address: '127.0.0.1:0', stateDir: join(dir, 's'), totalPrompts: 4, datasetSize: 4, batchSize: 2, eta: 1 });
    const cfg = parseConfig({ run: { id: 'bad', dir }, nats: { url: nats.url }, scheduler: { address: `127.0.0.1:${scheduler.port}`, heartbeatMs: 200 } });
    const bus = await connectBus({ url: nats.url });
    const s = subjectsFor('bad');
    const queues = await openQueues(bus, s);
    const dlq = bus.subscribe(s.deadLetter);
    const stop = new AbortController();
    const actor = hostActor({ cfg, kind: 'judge', loop: runJudge, bus, log: NoopLogger, signal: stop.signal });

    await queues.rollouts.push(s.rollouts, new Uint8Array([0xc1, 0xff, 0x00]));
    await queues.rollouts.push(s.rollouts, encode({ ...group('1'), version: -5 }));
    await queues.rollouts.push(s.rollouts, encode(group('2')));

    const reasons: string[] = [];
    for await (const m of dlq) {
      const c = DeadLetter.safeParse(decode(m.data));
      expect(c.success).toBe(true);
      reasons.push(c.data!.reason);
      if (reasons.length === 2) break;
    }
    expect(reasons.some((r) => r.startsWith('version:'))).toBe(true);
    const consumer = queues.scored.consume({ durable: 'learner', maxInFlight: 4, ackWaitMs: 5000 });
    for await (const item of consumer) {
      const scored = ScoredGroup.parse(decode(item.data));
      expect(scored.promptId).toBe('2');
      expect(Array.from(scored.rewardsG)).toEqual([4.5, 9]); // 9 x the fraction of token 1 in "1 0" and "1 1"
      await item.ack();
      break;
    }
    await consumer.stop();
    stop.abort();
    await actor;
    await bus.close();
    await scheduler.close();
  });

  it('actor - poison: forged claim-check envelopes, NaN logprobs and attempt 0 are dead-lettered; a group the judge always fails on is scored invalid on its last delivery, and healthy ones are scored meanwhile', async () => {
    await using nats = await startNats();
    // The judge server fails every request for the poison prompt, as an endpoint does on an input it cannot take.
    await using fake = await startFakeVllm({ model: 'j', faultFor: (body) => (JSON.stringify(body).includes('poison') ? { kind: 'status', status: 500 } : null) });
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-poison-'));
    const scheduler = await startSchedulerServer({ address: '127.0.0.1:0', stateDir: join(dir, 's'), totalPrompts: 8, datasetSize: 8, batchSize: 2, eta: 1 });
    const cfg = parseConfig({
      run: { id: 'poison', dir }, nats: { url: nats.url, maxDeliveries: 3 }, scheduler: { address: `127.0.0.1:${scheduler.port}`, heartbeatMs: 200 },
      rl: { invalidReward: -1 },
      engines: { judge: { backend: 'openai', baseUrl: fake.url, model: 'j', mode: 'pointwise', maxRetries: 0, cache: false } },
    });
    const s = subjectsFor('poison');
    const bus = await connectBus({ url: nats.url, claimCheckBucket: s.buckets.blobs }); // as every actor of a run has it
    const queues = await openQueues(bus, s);
    const dlq = bus.subscribe(s.deadLetter);
    const stop = new AbortController();
    const actor = hostActor({ cfg, kind: 'judge', loop: runJudge, bus, log: NoopLogger, signal: stop.signal });

    await queues.rollouts.push(s.rollouts, Uint8Array.of(0xc1, 0x54, 0x43, 0x43, 0x31, 0xff)); // 6 bytes: the envelope magic and a stray byte
    await queues.rollouts.push(s.rollouts, sealEnvelope('no-such-object', 4096));
    const nan = group('3');
    nan.completionsG[0].logprobsT[1] = Number.NaN;
    await queues.rollouts.push(s.rollouts, encode(nan));
    await queues.rollouts.push(s.rollouts, encode({ ...group('4'), attempt: 0 }));
    await queues.rollouts.push(s.rollouts, encode({ ...group('5'), prompt: 'a poison prompt' }));
    await queues.rollouts.push(s.rollouts, encode(group('6')));

    const reasons: string[] = [];
    for await (const m of dlq) {
      reasons.push(DeadLetter.parse(decode(m.data)).reason);
      if (reasons.length === 4) break;
    }
    expect(reasons.some((r) => /claim-check envelope without object name or size/.test(r)), reasons.join(' | ')).toBe(true);
    expect(reasons.some((r) => /object no-such-object is gone/.test(r))).toBe(true);
    expect(reasons.some((r) => /logprobsT: expected finite numbers/.test(r))).toBe(true);
    expect(reasons.some((r) => /^attempt: /.test(r))).toBe(true);
    const scored = new Map<string, ScoredGroup>();
    const consumer = queues.scored.consume({ durable: 'learner', maxInFlight: 4, ackWaitMs: 5000 });
    for await (const item of consumer) {
      const g = ScoredGroup.parse(decode(item.data));
      scored.set(g.promptId, g);
      await item.ack();
      if (scored.size === 2) break;
    }
    await consumer.stop();
    expect([...scored.keys()].sort()).toEqual(['5', '6']);
    // The poison group: its last delivery scored every completion invalid, at the configured reward.
    expect(Array.from(scored.get('5')!.rewardsG)).toEqual([-1, -1]);
    expect(scored.get('5')!.invalid).toBe(2);
    // The healthy one was judged, though the poison one failed beside it.
    expect(scored.get('6')!.invalid).toBe(0);
    const poisonCalls = fake.requests.filter((r) => JSON.stringify(r.body).includes('poison')).length;
    expect(poisonCalls).toBe(3 * 2); // 3 deliveries x 2 completions, no retries within one
    stop.abort();
    await actor;
    await bus.close();
    await scheduler.close();
  });

  it('health - /healthz, /readyz and /metrics answer, and readiness follows the source', async () => {
    let ready = false;
    const h = await startHealthServer(0, { live: () => true, ready: () => ready, metrics: () => ({ groups: 3 }) }, '127.0.0.1');
    const get = (p: string) => fetch(`http://127.0.0.1:${h.port}${p}`);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(503);
    ready = true;
    expect((await get('/readyz')).status).toBe(200);
    expect(await (await get('/metrics')).json()).toEqual({ groups: 3 });
    expect((await get('/nope')).status).toBe(404);
    await h.close();
  });
});
