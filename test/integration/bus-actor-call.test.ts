// Actor calls over a real nats-server: results, error codes across the header,
// timeouts, and large arguments/results through claim-check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callActor, serveCalls } from '../../src/bus/actor-call.ts';
import { withClaimCheck } from '../../src/bus/claim-check.ts';
import { connectBus } from '../../src/bus/connect.ts';
import type { Bus } from '../../src/bus/bus.ts';
import type { NatsBus } from '../../src/bus/nats-bus.ts';
import { TribunalError, isTribunalError } from '../../src/core/errors.ts';
import { startNats, type NatsServer } from '../../src/testing/nats-server.ts';

/** The error a call failed with (the test fails if it succeeded). */
const failure = (p: Promise<unknown>): Promise<TribunalError> =>
  p.then(
    (v) => {
      throw new Error(`expected a failure, got ${String(v)}`);
    },
    (e: TribunalError) => e,
  );

let nats: NatsServer;
let server: Bus;
let client: Bus;

beforeAll(async () => {
  nats = await startNats();
  server = await connectBus({ url: nats.url, name: 'test-server' });
  client = await connectBus({ url: nats.url, name: 'test-client' });
});
afterAll(async () => {
  await client?.close();
  await server?.close();
  await nats?.stop();
});

describe('actor calls (nats)', () => {
  it('actor call - a slow callee that beats is waited for; one that dies mid-call is found silent in silentMs, and a second call reaches a live one', async () => {
    // A slow but live callee: 2.5 s of work, beats every second, silentMs 1.5 s.
    const slow = serveCalls(server, 'beat.slow', { work: async () => { await new Promise((r) => setTimeout(r, 2500)); return 'done'; } });
    await (server as NatsBus).nc.flush(); // the subscription is at the server before the call
    expect(await callActor(client, 'beat.slow', 'work', null, { timeoutMs: 10_000, silentMs: 1500 })).toBe('done');
    slow.stop();
    // A callee whose process dies mid-call: its own connection closes, no beats, no reply.
    const doomed = await connectBus({ url: nats.url, name: 'doomed' });
    let received: () => void = () => {};
    const gotIt = new Promise<void>((r) => { received = r; });
    serveCalls(doomed, 'beat.die', { work: () => { received(); return new Promise(() => {}); } }, { queue: 'q' });
    await (doomed as NatsBus).nc.flush();
    const call = callActor(client, 'beat.die', 'work', null, { timeoutMs: 30_000, silentMs: 1500 });
    await gotIt; // it died holding the call
    const t0 = Date.now();
    void doomed.close();
    const e = await failure(call);
    expect(isTribunalError(e, 'TIMEOUT')).toBe(true);
    expect(e.message).toMatch(/went silent for 1500 ms/);
    expect(Date.now() - t0).toBeLessThan(4000);
    const live = serveCalls(server, 'beat.die', { work: () => 'alive' }, { queue: 'q' });
    await (server as NatsBus).nc.flush();
    expect(await callActor(client, 'beat.die', 'work', null, { timeoutMs: 5000, silentMs: 1500 })).toBe('alive');
    live.stop();
  });

  it('actor call - connectBus picks NatsBus for a URL and LocalBus for local', async () => {
    expect(server.kind).toBe('nats');
    const local = await connectBus({ url: 'local' });
    expect(local.kind).toBe('local');
    await local.close();
  });

  it('actor call - results come back; handler error codes survive the header', async () => {
    const s = serveCalls(server, 'calls.judge', {
      score: async (a) => ({ scoresG: Float32Array.from(a as number[], (x) => x / 10) }),
      stale: () => {
        throw new TribunalError('STALE', 'group v1 is older than v5: dropped');
      },
      crash: () => {
        throw new Error('out of memory\n  at engine.ts:1');
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    const r = await callActor<{ scoresG: Float32Array }>(client, 'calls.judge', 'score', [1, 5, 9]);
    expect(r.scoresG).toBeInstanceOf(Float32Array);
    expect([...r.scoresG].map((x) => Math.round(x * 10))).toEqual([1, 5, 9]);
    const stale = await failure(callActor(client, 'calls.judge', 'stale', null));
    expect(stale).toBeInstanceOf(TribunalError);
    expect([stale.code, stale.message]).toEqual(['STALE', 'group v1 is older than v5: dropped']);
    const crash = await failure(callActor(client, 'calls.judge', 'crash', null));
    expect([crash.code, crash.message]).toEqual(['INTERNAL', 'out of memory']);
    const missing = await callActor(client, 'calls.judge', 'nope', null).catch((e) => e);
    expect(isTribunalError(missing, 'NOT_FOUND')).toBe(true);
    s.stop();
    // The UNSUB must reach the server before the call, or the call may still be routed to us and time out.
    await (server as NatsBus).nc.flush();
    const gone = await callActor(client, 'calls.judge', 'score', [1], { timeoutMs: 2000 }).catch((e) => e);
    expect(isTribunalError(gone, 'UNAVAILABLE')).toBe(true);
  });

  it('actor call - a handler that never answers is a TIMEOUT', async () => {
    const s = serveCalls(server, 'calls.hang', { wait: () => new Promise(() => {}) });
    await new Promise((r) => setTimeout(r, 50));
    const err = await callActor(client, 'calls.hang', 'wait', null, { timeoutMs: 150 }).catch((e) => e);
    expect(isTribunalError(err, 'TIMEOUT')).toBe(true);
    s.stop();
  });

  it('actor call - 3 MiB arguments and results go through claim-check', async () => {
    const cs = withClaimCheck(server, { bucket: 'calls_cc' });
    const cc = withClaimCheck(client, { bucket: 'calls_cc' });
    const s = serveCalls(cs, 'calls.big', { double: (a) => Float32Array.from(a as Float32Array, (x) => 2 * x) });
    await new Promise((r) => setTimeout(r, 50));
    const xs = Float32Array.from({ length: 3 * (1 << 18) }, (_, i) => i % 1000);
    const out = await callActor<Float32Array>(cc, 'calls.big', 'double', xs, { timeoutMs: 20_000 });
    expect(out.length).toBe(xs.length);
    expect(out[999]).toBe(1998);
    expect(out[xs.length - 1]).toBe(2 * xs[xs.length - 1]);
    s.stop();
  });
});
