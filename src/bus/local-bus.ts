// LocalBus: the Bus in one process, the embedded default when no nats-server
// exists. Same semantics as NatsBus (queue groups, request timeouts, no
// responders, max payload, work queues with redelivery), none of the durability.
import { TribunalError } from '../core/errors.ts';
import { AsyncQueue } from './async-queue.ts';
import type {
  Bus,
  BusMessage,
  KeyValue,
  ObjectStore,
  ObjectStoreOptions,
  RequestOptions,
  SubscribeOptions,
  Subscription,
  WorkQueue,
  WorkQueueOptions,
} from './bus.ts';
import { LocalKeyValue, LocalObjectStore } from './local-stores.ts';
import { LocalWorkQueue } from './local-work-queue.ts';
import { errorHeaderValue } from './nats-errors.ts';
import { anySubjectMatches, subjectMatches } from './subject-match.ts';

export interface LocalBusOptions {
  /** Largest payload one publish may carry, bytes; mirrors NATS so claim-check paths run the same. @default 1 MiB */
  maxPayload?: number;
}

type Reply = (data: Uint8Array | TribunalError) => void;

class LocalMessage implements BusMessage {
  constructor(
    readonly subject: string,
    readonly data: Uint8Array,
    private readonly reply: Reply | null,
  ) {}
  respond(data: Uint8Array): void {
    this.reply?.(data.slice());
  }
  respondError(code: string, message: string): void {
    this.reply?.(TribunalError.fromHeader(errorHeaderValue(code, message)));
  }
}

class LocalSubscription implements Subscription {
  readonly queue = new AsyncQueue<BusMessage>(() => this.bus.remove(this));
  constructor(
    readonly pattern: string,
    readonly group: string | undefined,
    private readonly bus: LocalBus,
  ) {}
  unsubscribe(): void {
    this.queue.end();
    this.bus.remove(this);
  }
  [Symbol.asyncIterator](): AsyncIterator<BusMessage> {
    return this.queue;
  }
}

export class LocalBus implements Bus {
  readonly kind = 'local' as const;
  readonly maxPayload: number;
  get maxKvValue(): number { return this.maxPayload; }
  private subs: LocalSubscription[] = [];
  private groupCursor = new Map<string, number>();
  private kvs = new Map<string, LocalKeyValue>();
  private stores = new Map<string, LocalObjectStore>();
  private queues = new Map<string, LocalWorkQueue>();
  private closed = false;

  constructor(opts: LocalBusOptions = {}) {
    this.maxPayload = opts.maxPayload ?? 1 << 20;
  }

  async publish(subject: string, data: Uint8Array): Promise<void> {
    this.check(data);
    const copy = data.slice();
    this.deliver(subject, copy, null);
    for (const q of this.queues.values()) if (anySubjectMatches(q.subjects, subject)) q.capture(subject, copy);
  }

  subscribe(subject: string, opts: SubscribeOptions = {}): Subscription {
    const sub = new LocalSubscription(subject, opts.queue, this);
    if (this.closed) sub.queue.end();
    else this.subs.push(sub);
    return sub;
  }

  request(subject: string, data: Uint8Array, opts: RequestOptions = {}): Promise<Uint8Array> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      this.check(data);
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        reject(new TribunalError('TIMEOUT', `request to ${subject} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const reply: Reply = (r) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (r instanceof TribunalError) reject(r);
        else resolve(r);
      };
      if (this.deliver(subject, data.slice(), reply) === 0) {
        done = true;
        clearTimeout(timer);
        reject(new TribunalError('UNAVAILABLE', `no responders for ${subject}`));
      }
    });
  }

  async kv(bucket: string): Promise<KeyValue> {
    let kv = this.kvs.get(bucket);
    if (!kv) this.kvs.set(bucket, (kv = new LocalKeyValue(bucket, this.maxPayload)));
    return kv;
  }

  async objects(bucket: string, opts: ObjectStoreOptions = {}): Promise<ObjectStore> {
    let os = this.stores.get(bucket);
    if (!os) this.stores.set(bucket, (os = new LocalObjectStore(opts.ttlMs)));
    return os;
  }

  async workQueue(name: string, opts: WorkQueueOptions): Promise<WorkQueue> {
    let q = this.queues.get(name);
    if (!q) this.queues.set(name, (q = new LocalWorkQueue(name, opts)));
    return q;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.subs) s.queue.end();
    this.subs = [];
    for (const q of this.queues.values()) q.close();
  }

  remove(sub: LocalSubscription): void {
    this.subs = this.subs.filter((s) => s !== sub);
  }

  private check(data: Uint8Array): void {
    if (this.closed) throw new TribunalError('UNAVAILABLE', 'bus is closed');
    if (data.length > this.maxPayload) {
      throw new TribunalError('TOO_LARGE', `payload of ${data.length} bytes exceeds max payload ${this.maxPayload}`);
    }
  }

  /** Every plain subscriber gets it; each queue group gives it to one member, in turn. Returns receivers. */
  private deliver(subject: string, data: Uint8Array, reply: Reply | null): number {
    const groups = new Map<string, LocalSubscription[]>();
    let receivers = 0;
    for (const s of this.subs) {
      if (!subjectMatches(s.pattern, subject)) continue;
      if (s.group === undefined) {
        s.queue.push(new LocalMessage(subject, data, reply));
        receivers++;
      } else {
        const members = groups.get(s.group);
        if (members) members.push(s);
        else groups.set(s.group, [s]);
      }
    }
    for (const [group, members] of groups) {
      const i = this.groupCursor.get(group) ?? 0;
      this.groupCursor.set(group, (i + 1) % members.length);
      members[i % members.length].queue.push(new LocalMessage(subject, data, reply));
      receivers++;
    }
    return receivers;
  }
}
