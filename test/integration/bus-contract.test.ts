// One contract, two backends: every case runs against NatsBus (a private
// nats-server) and LocalBus, so the embedded default behaves like production.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus, BusMessage, WorkItem } from '../../src/bus/bus.ts';
import { withClaimCheck } from '../../src/bus/claim-check.ts';
import { LocalBus } from '../../src/bus/local-bus.ts';
import { NatsBus } from '../../src/bus/nats-bus.ts';
import { TribunalError, isTribunalError } from '../../src/core/errors.ts';
import { startNats, type NatsServer } from '../../src/testing/nats-server.ts';

interface Backend {
  name: string;
  /** The bus a test mostly uses. */
  bus(): Bus;
  /** Another client, as another process would have; LocalBus can only share itself. */
  peer(): Promise<Bus>;
  /** Drop a peer as a SIGKILL would: no drain, no acks. */
  kill(peer: Bus): Promise<void>;
}

let nats: NatsServer;
let natsBus: NatsBus;
let localBus: LocalBus;
const peers: Bus[] = [];

beforeAll(async () => {
  nats = await startNats();
  natsBus = await NatsBus.connect({ url: nats.url });
  localBus = new LocalBus();
});

afterAll(async () => {
  for (const p of peers) await p.close().catch(() => {});
  await natsBus?.close();
  await localBus?.close();
  await nats?.stop();
});

const backends: Backend[] = [
  {
    name: 'nats',
    bus: () => natsBus,
    peer: async () => {
      const p = await NatsBus.connect({ url: nats.url });
      peers.push(p);
      return p;
    },
    kill: async (p) => (p as NatsBus).nc.close(),
  },
  {
    name: 'local',
    bus: () => localBus,
    peer: async () => localBus,
    kill: async () => {},
  },
];

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);
let uniq = 0;
const unique = (p: string) => `${p}${++uniq}${Date.now() % 100000}`;

async function take<T>(it: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  if (n === 0) return out;
  for await (const x of it) {
    out.push(x);
    if (out.length === n) break;
  }
  return out;
}

function echo(bus: Bus, subject: string, fn: (m: BusMessage) => void = (m) => m.respond(m.data)) {
  const sub = bus.subscribe(subject);
  void (async () => {
    for await (const m of sub) fn(m);
  })();
  return sub;
}

function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i += 4096) b[i] = (i * 2654435761) >>> 24;
  b[n - 1] = 7;
  return b;
}

describe.each(backends)('bus contract ($name)', (be) => {
  it('pubsub - delivers in order to every subscriber, wildcards included', async () => {
    const subj = unique('t.ps.');
    const a = take(be.bus().subscribe(subj), 3);
    const b = take(be.bus().subscribe(`${subj.split('.').slice(0, 2).join('.')}.>`), 3);
    await new Promise((r) => setTimeout(r, 50));
    for (const s of ['1', '2', '3']) await be.bus().publish(subj, text(s));
    expect((await a).map((m) => str(m.data))).toEqual(['1', '2', '3']);
    expect((await b).map((m) => m.subject)).toEqual([subj, subj, subj]);
  });

  it('queue groups - each message goes to one member, every member gets some', async () => {
    const subj = unique('t.qg.');
    const counts = [0, 0];
    const subs = [0, 1].map((i) => {
      const s = be.bus().subscribe(subj, { queue: 'workers' });
      void (async () => {
        for await (const _ of s) counts[i]++;
      })();
      return s;
    });
    const all = take(be.bus().subscribe(subj), 40);
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 40; i++) await be.bus().publish(subj, text(String(i)));
    expect((await all).length).toBe(40);
    await new Promise((r) => setTimeout(r, 100));
    expect(counts[0] + counts[1]).toBe(40);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(0);
    subs.forEach((s) => s.unsubscribe());
  });

  it('request - replies, carries error codes, times out, and fails fast without responders', async () => {
    const subj = unique('t.rr.');
    const sub = echo(be.bus(), subj, (m) => {
      const s = str(m.data);
      if (s === 'stale') m.respondError('STALE', 'version 3 is older than 5\nsecond line');
      else if (s !== 'silent') m.respond(text(`re:${s}`));
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(str(await be.bus().request(subj, text('hi')))).toBe('re:hi');
    const err = await be.bus().request(subj, text('stale')).catch((e) => e);
    expect(err).toBeInstanceOf(TribunalError);
    expect(err.code).toBe('STALE');
    expect(err.message).toBe('version 3 is older than 5 second line');
    const t0 = Date.now();
    const timeout = await be.bus().request(subj, text('silent'), { timeoutMs: 200 }).catch((e) => e);
    expect(isTribunalError(timeout, 'TIMEOUT')).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
    const none = await be.bus().request(unique('t.nobody.'), text('x'), { timeoutMs: 3000 }).catch((e) => e);
    expect(isTribunalError(none, 'UNAVAILABLE')).toBe(true);
    sub.unsubscribe();
  });

  it('max payload - a publish above it fails with TOO_LARGE', async () => {
    expect(be.bus().maxPayload).toBe(1 << 20);
    const err = await be.bus().publish('t.big', new Uint8Array((1 << 20) + 1)).catch((e) => e);
    expect(isTribunalError(err, 'TOO_LARGE')).toBe(true);
  });

  it('kv - put, get, keys, delete; a second opener sees the same bucket', async () => {
    const bucket = unique('kv_');
    const kv = await be.bus().kv(bucket);
    expect(await kv.get('missing')).toBeNull();
    await kv.put('a', text('1'));
    await kv.put('b', text('2'));
    await kv.put('a', text('3'));
    const again = await (await be.peer()).kv(bucket);
    expect(str((await again.get('a'))!)).toBe('3');
    expect((await kv.keys()).sort()).toEqual(['a', 'b']);
    await kv.delete('a');
    expect(await kv.get('a')).toBeNull();
    expect(await kv.keys()).toEqual(['b']);
    const bad = await kv.put('run:1', text('x')).catch((e) => e);
    expect(isTribunalError(bad, 'BAD_CONFIG')).toBe(true);
  });

  it('object store - any size round-trips; delete and list', async () => {
    const os = await be.bus().objects(unique('os_'));
    const blob = randomBytes(3 * (1 << 20) + 17);
    await os.put('w1', blob);
    await os.put('w2', text('small'));
    expect(await os.get('nope')).toBeNull();
    expect(Buffer.from((await os.get('w1'))!).equals(Buffer.from(blob))).toBe(true);
    expect((await os.list()).sort()).toEqual(['w1', 'w2']);
    await os.delete('w1');
    await os.delete('w1');
    expect(await os.get('w1')).toBeNull();
    expect(await os.list()).toEqual(['w2']);
  });

  it('work queue - ack removes, nak redelivers with a higher delivery count, plain publishes are captured', async () => {
    const name = unique('WQ_ACK');
    const subj = `${name.toLowerCase()}.items`;
    const q = await be.bus().workQueue(name, { subjects: [`${name.toLowerCase()}.>`] });
    for (const s of ['a', 'b']) await q.push(subj, text(s));
    expect(await q.pending()).toBe(2);
    const c = q.consume({ durable: 'd', ackWaitMs: 5000, maxInFlight: 4 });
    const seen: string[] = [];
    for await (const item of c) {
      seen.push(`${str(item.data)}${item.deliveryCount}`);
      if (str(item.data) === 'b' && item.deliveryCount === 1) item.nak();
      else await item.ack();
      if (seen.length === 3) break;
    }
    await c.stop();
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(await q.pending()).toBe(0);
    await be.bus().publish(subj, text('published'));
    const c2 = q.consume({ durable: 'd' });
    const [captured] = await take(c2, 1);
    expect(str(captured.data)).toBe('published');
    await captured.ack();
    await c2.stop();
    const err = await q.push('elsewhere.x', text('x')).catch((e) => e);
    expect(isTribunalError(err, 'BAD_CONFIG')).toBe(true);
  });

  it('work queue - a consumer that dies without acking loses nothing: redelivered after ackWait', async () => {
    const name = unique('WQ_DIE');
    const subj = `${name.toLowerCase()}.x`;
    const peer = await be.peer();
    const pq = await peer.workQueue(name, { subjects: [subj] });
    await pq.push(subj, text('job'));
    const [first] = await take(pq.consume({ durable: 'd', ackWaitMs: 1000, maxInFlight: 1 }), 1);
    expect(first.deliveryCount).toBe(1);
    await be.kill(peer); // never acked
    const q = await be.bus().workQueue(name, { subjects: [subj] }); // idempotent re-open
    const c = q.consume({ durable: 'd', ackWaitMs: 1000, maxInFlight: 1 });
    const t0 = Date.now();
    const [again] = await take(c, 1);
    expect(str(again.data)).toBe('job');
    expect(again.deliveryCount).toBe(2);
    expect(Date.now() - t0).toBeLessThan(5000);
    await again.ack();
    await c.stop();
    expect(await q.pending()).toBe(0);
  });

  it('work queue - two consumers sharing a durable split the work, each item once', async () => {
    const name = unique('WQ_SHARE');
    const subj = `${name.toLowerCase()}.x`;
    const q = await be.bus().workQueue(name, { subjects: [subj] });
    const q2 = await (await be.peer()).workQueue(name, { subjects: [subj] });
    for (let i = 0; i < 20; i++) await q.push(subj, text(String(i)));
    const got: string[][] = [[], []];
    // Different settings from the second process: the durable exists, so it is used as it is.
    const consumers = [q, q2].map((qq, i) => qq.consume({ durable: 'shared', ackWaitMs: 10_000 + i, maxInFlight: 2 + i }));
    await Promise.all(
      consumers.map(async (c, i) => {
        for await (const item of c) {
          got[i].push(str(item.data));
          await new Promise((r) => setTimeout(r, 15));
          await item.ack();
          // Stopping ends both loops, including the one waiting for more.
          if (got[0].length + got[1].length >= 20) await Promise.all(consumers.map((c) => c.stop()));
        }
      }),
    );
    const all = [...got[0], ...got[1]].map(Number).sort((a, b) => a - b);
    expect(all).toEqual([...Array(20).keys()]);
    expect(got[0].length).toBeGreaterThan(0);
    expect(got[1].length).toBeGreaterThan(0);
    expect(await q.pending()).toBe(0);
  });

  it('claim-check - 5 MiB goes through publish, request and the work queue', async () => {
    const bucket = unique('cc_');
    const bus = withClaimCheck(be.bus(), { bucket });
    const big = randomBytes(5 * (1 << 20));
    const same = (b: Uint8Array) => Buffer.from(b).equals(Buffer.from(big));

    const subj = unique('t.cc.');
    const got = take(bus.subscribe(subj), 1);
    await new Promise((r) => setTimeout(r, 50));
    await bus.publish(subj, big);
    expect(same((await got)[0].data)).toBe(true);

    const rsub = echo(bus, `${subj}.rr`);
    await new Promise((r) => setTimeout(r, 50));
    expect(same(await bus.request(`${subj}.rr`, big, { timeoutMs: 20_000 }))).toBe(true);
    rsub.unsubscribe();

    const name = unique('WQ_CC');
    const q = await bus.workQueue(name, { subjects: [`${name.toLowerCase()}.x`] });
    await q.push(`${name.toLowerCase()}.x`, big);
    const parked = await be.bus().objects(`${bucket}_wq`);
    expect((await parked.list()).length).toBe(1);
    const c = q.consume({ durable: 'd', ackWaitMs: 10_000 });
    const [item]: WorkItem[] = await take(c, 1);
    expect(same(item.data)).toBe(true);
    await item.ack();
    await c.stop();
    expect(await parked.list()).toEqual([]);
  });
});

describe('NatsBus.connect', () => {
  it('connect - retries a dead port with one line per retry, then fails with UNAVAILABLE', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const retries: { attempt: number; delayMs: number }[] = [];
    const t0 = Date.now();
    const err = await NatsBus.connect({
      url: `nats://127.0.0.1:${port}`,
      giveUpMs: 1500,
      onRetry: (attempt, delayMs) => retries.push({ attempt, delayMs }),
    }).catch((e) => e);
    expect(isTribunalError(err, 'UNAVAILABLE')).toBe(true);
    expect(err.message).toMatch(/unreachable after \d+ attempts/);
    expect(err.message).not.toContain('\n');
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries.map((r) => r.attempt)).toEqual(retries.map((_, i) => i + 1));
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
