// Claim-check for large payloads: a Bus decorator that parks payloads above a
// threshold in the object store and sends a small envelope instead; receivers
// get the original bytes back. Envelope format is claim-check-envelope.ts's.
import { randomUUID } from 'node:crypto';
import type {
  Bus,
  BusMessage,
  ConsumeOptions,
  KeyValue,
  ObjectStore,
  ObjectStoreOptions,
  RequestOptions,
  SubscribeOptions,
  Subscription,
  WorkConsumer,
  WorkItem,
  WorkQueue,
  WorkQueueOptions,
} from './bus.ts';
import { isEnvelope, openEnvelope, sealEnvelope } from './claim-check-envelope.ts';
import { isTribunalError, oneLine, TribunalError } from '../core/errors.ts';
import { sharedUntilRejected } from '../core/shared-until-rejected.ts';

export interface ClaimCheckOptions {
  /** Object store bucket for parked payloads; work items use `${bucket}_wq`. */
  bucket: string;
  /** Payloads larger than this are parked. @default bus.maxPayload - 16 KiB (room for headers) */
  thresholdBytes?: number;
  /** Parked fan-out publishes and request payloads live this long (nobody knows when all readers are done). @default 1 hour */
  fanoutTtlMs?: number;
  /** Told when an envelope's object is gone (expired or deleted); the message is skipped. */
  onMissing?: (subject: string, object: string) => void;
}

const HEADROOM_BYTES = 16 * 1024;

export function withClaimCheck(bus: Bus, opts: ClaimCheckOptions): Bus {
  return new ClaimCheckBus(bus, opts);
}

class ClaimCheckBus implements Bus {
  readonly kind: Bus['kind'];
  /** Bucket for payloads with no single owner to delete them: kept until the TTL. */
  readonly fanoutStore = sharedUntilRejected(() => this.bus.objects(this.opts.bucket, { ttlMs: this.opts.fanoutTtlMs ?? 3_600_000 }));
  /** Bucket for work items: deleted on ack, so no TTL (an item may wait for hours). */
  readonly workStore = sharedUntilRejected(() => this.bus.objects(`${this.opts.bucket}_wq`));

  constructor(
    private readonly bus: Bus,
    private readonly opts: ClaimCheckOptions,
  ) {
    this.kind = bus.kind;
  }

  /** Any size goes through (the object store is chunked). */
  get maxPayload(): number {
    return Number.MAX_SAFE_INTEGER;
  }

  /** Key-value puts are not parked: the bus's own limit. */
  get maxKvValue(): number {
    return this.bus.maxKvValue;
  }

  threshold(limitBytes = this.bus.maxPayload): number {
    return Math.min(this.opts.thresholdBytes ?? Infinity, Math.min(this.bus.maxPayload, limitBytes) - HEADROOM_BYTES);
  }

  /** Parks data when it is too large; returns what to send. */
  async seal(data: Uint8Array, store: () => Promise<ObjectStore>, limitBytes?: number): Promise<Uint8Array> {
    if (data.length <= this.threshold(limitBytes)) return data;
    const object = randomUUID();
    await (await store()).put(object, data);
    return sealEnvelope(object, data.length);
  }

  /** The original bytes of what was received; null when its object is gone. */
  async open(subject: string, data: Uint8Array, store: () => Promise<ObjectStore>): Promise<Uint8Array | null> {
    if (!isEnvelope(data)) return data;
    const { object } = openEnvelope(data);
    const bytes = await (await store()).get(object);
    if (bytes === null) this.opts.onMissing?.(subject, object);
    return bytes;
  }

  async publish(subject: string, data: Uint8Array): Promise<void> {
    await this.bus.publish(subject, await this.seal(data, () => this.fanoutStore()));
  }

  subscribe(subject: string, opts?: SubscribeOptions): Subscription {
    const sub = this.bus.subscribe(subject, opts);
    const self = this;
    async function* opened(): AsyncGenerator<BusMessage> {
      for await (const m of sub) {
        let data: Uint8Array | null;
        try {
          data = await self.open(m.subject, m.data, () => self.fanoutStore());
        } catch (e) {
          m.respondError(isTribunalError(e, 'BAD_MESSAGE') ? 'BAD_MESSAGE' : 'UNAVAILABLE', oneLine(e));
          continue;
        }
        if (data === null) m.respondError('NOT_FOUND', `claim-check object for ${m.subject} is gone`);
        else yield new ClaimCheckMessage(self, m, data);
      }
    }
    return { unsubscribe: () => sub.unsubscribe(), [Symbol.asyncIterator]: opened };
  }

  async request(subject: string, data: Uint8Array, opts?: RequestOptions): Promise<Uint8Array> {
    const sent = await this.seal(data, () => this.fanoutStore());
    try {
      const reply = await this.bus.request(subject, sent, opts);
      if (!isEnvelope(reply)) return reply;
      const bytes = await this.open(subject, reply, () => this.fanoutStore());
      if (bytes === null) throw new TribunalError('NOT_FOUND', `claim-check object of the reply from ${subject} is gone`);
      await this.dropParked(reply);
      return bytes;
    } finally {
      if (sent !== data) await this.dropParked(sent);
    }
  }

  /** Best effort: a leftover expires with the bucket's TTL. */
  async dropParked(envelope: Uint8Array, store: () => Promise<ObjectStore> = () => this.fanoutStore()): Promise<void> {
    try {
      await (await store()).delete(openEnvelope(envelope).object);
    } catch {}
  }

  kv(bucket: string): Promise<KeyValue> {
    return this.bus.kv(bucket);
  }

  objects(bucket: string, opts?: ObjectStoreOptions): Promise<ObjectStore> {
    return this.bus.objects(bucket, opts);
  }

  async workQueue(name: string, opts: WorkQueueOptions): Promise<WorkQueue> {
    return new ClaimCheckWorkQueue(this, await this.bus.workQueue(name, opts), opts.maxMsgBytes ?? 1 << 20);
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}

class ClaimCheckMessage implements BusMessage {
  constructor(
    private readonly cc: ClaimCheckBus,
    private readonly m: BusMessage,
    readonly data: Uint8Array,
  ) {}
  get subject(): string {
    return this.m.subject;
  }
  respond(data: Uint8Array): void {
    if (data.length <= this.cc.threshold()) return this.m.respond(data);
    this.cc.seal(data, () => this.cc.fanoutStore()).then(
      (sealed) => this.m.respond(sealed),
      (err) => this.m.respondError('UNAVAILABLE', `could not park a ${data.length}-byte reply: ${(err as Error).message}`),
    );
  }
  respondError(code: string, message: string): void {
    this.m.respondError(code, message);
  }
}

/** Tries of an object store that does not answer before an item is handed back (about 30 s with the backoff). */
const STORE_RETRIES = 6;

class ClaimCheckWorkQueue implements WorkQueue {
  constructor(
    private readonly cc: ClaimCheckBus,
    private readonly q: WorkQueue,
    private readonly maxMsgBytes: number,
  ) {}
  get name(): string {
    return this.q.name;
  }
  async push(subject: string, data: Uint8Array): Promise<void> {
    const sent = await this.cc.seal(data, () => this.cc.workStore(), this.maxMsgBytes);
    try {
      await this.q.push(subject, sent);
    } catch (err) {
      if (sent !== data) await this.cc.dropParked(sent, () => this.cc.workStore());
      throw err;
    }
  }
  consume(opts: ConsumeOptions): WorkConsumer {
    const consumer = this.q.consume(opts);
    const cc = this.cc;
    async function* opened(): AsyncGenerator<WorkItem> {
      for await (const item of consumer) {
        // A delivery that cannot be opened is handed on marked as poison (the
        // consumer dead-letters it). A store that does not answer is an outage:
        // retried here (STORE_RETRIES tries, about 25 s) with the item kept alive (a nak
        // would spend one of its bounded deliveries), then handed back.
        let data: Uint8Array | null = null;
        let answered = false;
        let poison: string | null = null;
        for (let attempt = 0; !answered && poison === null && attempt <= STORE_RETRIES; attempt++) {
          try {
            data = await cc.open(item.subject, item.data, () => cc.workStore());
            answered = true;
          } catch (e) {
            if (isTribunalError(e, 'BAD_MESSAGE')) poison = oneLine(e);
            else if (attempt < STORE_RETRIES) {
              try { item.working(); } catch { /* redelivery covers it */ }
              await new Promise((r) => setTimeout(r, 500 * 2 ** Math.min(attempt, 4)));
            }
          }
        }
        if (poison !== null) yield new ClaimCheckWorkItem(cc, item, item.data, poison);
        else if (!answered) item.nak(5000); // the store is still down: later
        else if (data === null) yield new ClaimCheckWorkItem(cc, item, item.data, `claim-check object ${openEnvelope(item.data).object} is gone (its bucket's TTL passed, or it was never stored)`);
        else yield new ClaimCheckWorkItem(cc, item, data);
      }
    }
    return { stop: () => consumer.stop(), [Symbol.asyncIterator]: opened };
  }
  pending(): Promise<number> {
    return this.q.pending();
  }
}

class ClaimCheckWorkItem implements WorkItem {
  constructor(
    private readonly cc: ClaimCheckBus,
    private readonly item: WorkItem,
    readonly data: Uint8Array,
    readonly poison?: string,
  ) {}
  get subject(): string {
    return this.item.subject;
  }
  get deliveryCount(): number {
    return this.item.deliveryCount;
  }
  /** The parked object goes only after the ack is recorded: a crash in between leaves a leftover, never a loss. */
  async ack(): Promise<void> {
    await this.item.ack();
    if (isEnvelope(this.item.data)) await this.cc.dropParked(this.item.data, () => this.cc.workStore());
  }
  nak(delayMs?: number): void {
    this.item.nak(delayMs);
  }
  term(): void {
    this.item.term();
    if (isEnvelope(this.item.data)) void this.cc.dropParked(this.item.data, () => this.cc.workStore());
  }
  working(): void {
    this.item.working();
  }
}
