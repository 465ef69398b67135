// LocalBus work-queue details the contract suite does not time: ack deadlines,
// working(), delayed nak, term, maxInFlight, one durable per queue.
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkConsumer, WorkItem } from '../../src/bus/bus.ts';
import { LocalBus } from '../../src/bus/local-bus.ts';
import { isTribunalError } from '../../src/core/errors.ts';

let bus: LocalBus;
afterEach(() => bus?.close());
const b = (s: string) => new TextEncoder().encode(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads items into an array as they come. */
function collect(c: WorkConsumer): WorkItem[] {
  const got: WorkItem[] = [];
  void (async () => {
    for await (const it of c) got.push(it);
  })();
  return got;
}

describe('local work queue', () => {
  it('work queue - working() holds the deadline off; silence past it redelivers', async () => {
    bus = new LocalBus();
    const q = await bus.workQueue('Q', { subjects: ['q.>'] });
    await q.push('q.a', b('x'));
    const got = collect(q.consume({ durable: 'd', ackWaitMs: 200 }));
    await sleep(120);
    expect(got.length).toBe(1);
    got[0].working();
    await sleep(120);
    expect(got.length).toBe(1); // 240 ms after delivery, but extended at 120
    await sleep(150);
    expect(got.length).toBe(2);
    expect(got[1].deliveryCount).toBe(2);
    await got[0].ack(); // a late ack of the old delivery still completes the work
    expect(await q.pending()).toBe(0);
  });

  it('work queue - nak with a delay waits; term drops for good', async () => {
    bus = new LocalBus();
    const q = await bus.workQueue('Q', { subjects: ['q.>'] });
    await q.push('q.a', b('later'));
    await q.push('q.a', b('poison'));
    const got = collect(q.consume({ durable: 'd', ackWaitMs: 5000 }));
    await sleep(10);
    expect(got.map((i) => new TextDecoder().decode(i.data))).toEqual(['later', 'poison']);
    got[0].nak(60);
    got[1].term();
    expect(await q.pending()).toBe(1);
    await sleep(20);
    expect(got.length).toBe(2);
    await sleep(70);
    expect(got.length).toBe(3);
    expect(got[2].deliveryCount).toBe(2);
  });

  it('work queue - no more than maxInFlight unacked at once', async () => {
    bus = new LocalBus();
    const q = await bus.workQueue('Q', { subjects: ['q.>'] });
    for (let i = 0; i < 10; i++) await q.push('q.a', b(String(i)));
    const got = collect(q.consume({ durable: 'd', maxInFlight: 3 }));
    await sleep(10);
    expect(got.length).toBe(3);
    await got[0].ack();
    await sleep(10);
    expect(got.length).toBe(4);
  });

  it('work queue - limits: oversize is TOO_LARGE, a second durable is CONFLICT', async () => {
    bus = new LocalBus();
    const q = await bus.workQueue('Q', { subjects: ['q.>'], maxMsgBytes: 8 });
    expect(isTribunalError(await q.push('q.a', new Uint8Array(9)).catch((e) => e), 'TOO_LARGE')).toBe(true);
    q.consume({ durable: 'one' });
    const err = await q.consume({ durable: 'two' })[Symbol.asyncIterator]().next().catch((e) => e);
    expect(isTribunalError(err, 'CONFLICT')).toBe(true);
  });
});
