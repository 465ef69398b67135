// LocalBus's work queue: in-process, with the semantics of a JetStream
// WorkQueue stream + one durable pull consumer (ack deadlines, redelivery,
// maxAckPending). Not persistent: it lives as long as the process.
import { TribunalError } from '../core/errors.ts';
import { AsyncQueue } from './async-queue.ts';
import type { ConsumeOptions, WorkConsumer, WorkItem, WorkQueue, WorkQueueOptions } from './bus.ts';
import { anySubjectMatches } from './subject-match.ts';

interface Entry {
  seq: number;
  subject: string;
  data: Uint8Array;
  deliveries: number;
  /** Epoch ms before which a nak'd entry is not redelivered. */
  notBeforeMs: number;
  /** The delivery holding it, while unacked. */
  holder: Delivery | null;
}

interface Durable {
  name: string;
  ackWaitMs: number;
  maxAckPending: number;
  inFlight: number;
  consumers: LocalWorkConsumer[];
  /** Round-robin cursor over consumers. */
  next: number;
}

class Delivery implements WorkItem {
  settled = false;
  timer: NodeJS.Timeout | undefined;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly deliveryCount: number;
  constructor(
    readonly queue: LocalWorkQueue,
    readonly entry: Entry,
    readonly consumer: LocalWorkConsumer,
  ) {
    this.subject = entry.subject;
    this.data = entry.data;
    this.deliveryCount = entry.deliveries;
  }
  async ack(): Promise<void> {
    this.queue.settle(this, 'ack', 0);
  }
  nak(delayMs = 0): void {
    this.queue.settle(this, 'nak', delayMs);
  }
  term(): void {
    this.queue.settle(this, 'ack', 0);
  }
  working(): void {
    this.queue.extend(this);
  }
}

class LocalWorkConsumer implements WorkConsumer {
  readonly items = new AsyncQueue<WorkItem>(() => void this.stop());
  inFlight = 0;
  stopped = false;
  constructor(
    readonly queue: LocalWorkQueue,
    readonly maxInFlight: number,
  ) {}
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // Fetched but never handed to the caller: give back at once.
    for (const d of this.items.drain()) (d as Delivery).nak();
    this.items.end();
    this.queue.detach(this);
  }
  [Symbol.asyncIterator](): AsyncIterator<WorkItem> {
    return this.items;
  }
}

export class LocalWorkQueue implements WorkQueue {
  private entries: Entry[] = [];
  private seq = 0;
  private durable: Durable | null = null;
  private wakeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  readonly subjects: string[];
  readonly maxMsgBytes: number;

  constructor(
    readonly name: string,
    opts: WorkQueueOptions,
  ) {
    this.subjects = [...opts.subjects];
    this.maxMsgBytes = opts.maxMsgBytes ?? 1 << 20;
  }

  async push(subject: string, data: Uint8Array): Promise<void> {
    if (this.closed) throw new TribunalError('UNAVAILABLE', `work queue ${this.name} is closed`);
    if (!anySubjectMatches(this.subjects, subject)) {
      throw new TribunalError('BAD_CONFIG', `subject ${subject} is not captured by work queue ${this.name}`);
    }
    if (data.length > this.maxMsgBytes) {
      throw new TribunalError('TOO_LARGE', `${data.length} bytes exceeds work queue ${this.name} limit of ${this.maxMsgBytes}`);
    }
    this.capture(subject, data.slice());
  }

  /** A plain publish on a captured subject lands here too, as in a JetStream stream (oversize is dropped there as well). */
  capture(subject: string, data: Uint8Array): void {
    if (this.closed || data.length > this.maxMsgBytes) return;
    this.entries.push({ seq: ++this.seq, subject, data, deliveries: 0, notBeforeMs: 0, holder: null });
    this.pump();
  }

  async pending(): Promise<number> {
    return this.entries.length;
  }

  consume(opts: ConsumeOptions): WorkConsumer {
    const maxInFlight = opts.maxInFlight ?? 16;
    const consumer = new LocalWorkConsumer(this, maxInFlight);
    if (this.durable && this.durable.name !== opts.durable) {
      // Same rule as JetStream: one unfiltered consumer per work-queue stream.
      consumer.items.end(
        new TribunalError('CONFLICT', `work queue ${this.name} already has durable ${this.durable.name}; cannot add ${opts.durable}`),
      );
      return consumer;
    }
    this.durable ??= { name: opts.durable, ackWaitMs: opts.ackWaitMs ?? 30_000, maxAckPending: maxInFlight, inFlight: 0, consumers: [], next: 0 };
    this.durable.consumers.push(consumer);
    queueMicrotask(() => this.pump());
    return consumer;
  }

  /** Settle a delivery: ack removes the entry; nak makes it ready again after delayMs. */
  settle(d: Delivery, how: 'ack' | 'nak', delayMs: number): void {
    if (d.settled) {
      // A late ack of an expired delivery still completes the work, as in JetStream
      // (acks go by stream sequence); a redelivery in flight is then moot.
      if (how === 'ack' && this.entries.includes(d.entry)) {
        if (d.entry.holder) this.release(d.entry.holder);
        this.remove(d.entry);
        this.pump();
      }
      return;
    }
    this.release(d);
    if (how === 'ack') this.remove(d.entry);
    else d.entry.notBeforeMs = delayMs > 0 ? Date.now() + delayMs : 0;
    this.pump();
  }

  extend(d: Delivery): void {
    if (d.settled || !this.durable) return;
    clearTimeout(d.timer);
    d.timer = setTimeout(() => this.expire(d), this.durable.ackWaitMs);
  }

  detach(c: LocalWorkConsumer): void {
    if (!this.durable) return;
    this.durable.consumers = this.durable.consumers.filter((x) => x !== c);
    this.pump();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.wakeTimer);
    for (const e of this.entries) if (e.holder) clearTimeout(e.holder.timer);
    for (const c of this.durable?.consumers ?? []) c.items.end();
  }

  private expire(d: Delivery): void {
    if (d.settled) return;
    this.release(d);
    this.pump();
  }

  private release(d: Delivery): void {
    d.settled = true;
    clearTimeout(d.timer);
    d.consumer.inFlight--;
    if (this.durable) this.durable.inFlight--;
    if (d.entry.holder === d) d.entry.holder = null;
  }

  private remove(e: Entry): void {
    const i = this.entries.indexOf(e);
    if (i >= 0) this.entries.splice(i, 1);
  }

  /** Hand ready entries, oldest first, to consumers with room (round-robin). */
  private pump(): void {
    const dur = this.durable;
    if (this.closed || !dur) return;
    const now = Date.now();
    let earliestMs = Infinity;
    for (const e of this.entries) {
      if (dur.inFlight >= dur.maxAckPending) break;
      if (e.holder) continue;
      if (e.notBeforeMs > now) {
        earliestMs = Math.min(earliestMs, e.notBeforeMs);
        continue;
      }
      const c = this.pickConsumer(dur);
      if (!c) break;
      e.deliveries++;
      const d = new Delivery(this, e, c);
      e.holder = d;
      c.inFlight++;
      dur.inFlight++;
      d.timer = setTimeout(() => this.expire(d), dur.ackWaitMs);
      c.items.push(d);
    }
    clearTimeout(this.wakeTimer);
    if (earliestMs < Infinity) this.wakeTimer = setTimeout(() => this.pump(), earliestMs - now);
  }

  private pickConsumer(dur: Durable): LocalWorkConsumer | null {
    const n = dur.consumers.length;
    for (let k = 0; k < n; k++) {
      const c = dur.consumers[(dur.next + k) % n];
      if (!c.stopped && c.inFlight < c.maxInFlight) {
        dur.next = (dur.next + k + 1) % n;
        return c;
      }
    }
    return null;
  }
}
