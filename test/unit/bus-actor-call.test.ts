// Actor calls over LocalBus; the same path over NATS is in test/integration/bus-actor-call.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { callActor, serveCalls } from '../../src/bus/actor-call.ts';
import { LocalBus } from '../../src/bus/local-bus.ts';
import { TribunalError, isTribunalError } from '../../src/core/errors.ts';
import { encode } from '../../src/wire/codec.ts';

let bus: LocalBus;
afterEach(() => bus?.close());

describe('actor calls (local)', () => {
  it('actor call - sync and async handlers return their results, typed arrays kept typed', async () => {
    bus = new LocalBus();
    serveCalls(bus, 'calls.judge', {
      add: (a) => (a as number[]).reduce((x, y) => x + y, 0),
      scale: async (a) => {
        const { xs, k } = a as { xs: Float32Array; k: number };
        return xs.map((x) => x * k);
      },
    });
    expect(await callActor<number>(bus, 'calls.judge', 'add', [1, 2, 3])).toBe(6);
    const out = await callActor<Float32Array>(bus, 'calls.judge', 'scale', { xs: Float32Array.of(1, 2), k: 3 });
    expect(out).toBeInstanceOf(Float32Array);
    expect([...out]).toEqual([3, 6]);
  });

  it('actor call - handler errors keep their code; others become INTERNAL', async () => {
    bus = new LocalBus();
    serveCalls(bus, 'calls.x', {
      stale: () => {
        throw new TribunalError('STALE', 'weights v2 < v4');
      },
      rejects: async () => {
        throw new TribunalError('ENGINE', 'sampler crashed');
      },
      boom: () => {
        throw new RangeError('index 9 out of range');
      },
    });
    const codes = await Promise.all(
      ['stale', 'rejects', 'boom', 'missing', 'toString'].map((m) => callActor(bus, 'calls.x', m, null).then(() => null, (e: TribunalError) => e)),
    );
    expect(codes.map((e) => e instanceof TribunalError && e.code)).toEqual(['STALE', 'ENGINE', 'INTERNAL', 'NOT_FOUND', 'NOT_FOUND']);
    expect(codes[0]?.message).toBe('weights v2 < v4');
    expect(codes[2]?.message).toBe('index 9 out of range');
  });

  it('actor call - a malformed call is BAD_MESSAGE, not a crash of the server loop', async () => {
    bus = new LocalBus();
    serveCalls(bus, 'calls.y', { ping: () => 'pong' });
    const err = await bus.request('calls.y', encode({ not: 'a call' })).catch((e) => e);
    expect(isTribunalError(err, 'BAD_MESSAGE')).toBe(true);
    expect(await callActor(bus, 'calls.y', 'ping', null)).toBe('pong');
  });

  it('actor call - a slow call does not hold up the next one', async () => {
    bus = new LocalBus();
    let release!: () => void;
    serveCalls(bus, 'calls.z', {
      slow: () => new Promise((r) => (release = () => r('slow'))),
      fast: () => 'fast',
    });
    const slow = callActor(bus, 'calls.z', 'slow', null);
    expect(await callActor(bus, 'calls.z', 'fast', null)).toBe('fast');
    release();
    expect(await slow).toBe('slow');
  });

  it('actor call - instances of one kind share calls; stop leaves the others; timeout is TIMEOUT', async () => {
    bus = new LocalBus();
    const served = [0, 0];
    const servers = [0, 1].map((i) => serveCalls(bus, 'calls.w', { who: () => (served[i]++, i) }));
    for (let k = 0; k < 10; k++) await callActor(bus, 'calls.w', 'who', null);
    expect(served).toEqual([5, 5]);
    servers[0].stop();
    await servers[0].done;
    for (let k = 0; k < 4; k++) expect(await callActor(bus, 'calls.w', 'who', null)).toBe(1);
    serveCalls(bus, 'calls.never', { wait: () => new Promise(() => {}) });
    const err = await callActor(bus, 'calls.never', 'wait', null, { timeoutMs: 50 }).catch((e) => e);
    expect(isTribunalError(err, 'TIMEOUT')).toBe(true);
  });
});
