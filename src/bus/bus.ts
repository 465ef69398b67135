// The Bus: the data plane's one narrow interface. Actors depend on this, never
// on a backend. NatsBus (nats-bus.ts) speaks NATS + JetStream; LocalBus
// (local-bus.ts) is in-process. Payloads are opaque bytes here; encoding and
// schemas live in src/wire, large-payload handling in claim-check.ts.

export interface BusMessage {
  subject: string;
  data: Uint8Array;
  /** Reply to a request; a no-op when the message was not a request. */
  respond(data: Uint8Array): void;
  /** Reply with an error (carried as a header on NATS) instead of data. */
  respondError(code: string, message: string): void;
}

export interface Subscription extends AsyncIterable<BusMessage> {
  unsubscribe(): void;
}

export interface SubscribeOptions {
  /** Queue group: each message goes to one member of the group. */
  queue?: string;
}

export interface RequestOptions {
  /** @default 5000 */
  timeoutMs?: number;
}

/** A small durable key-value map (NATS KV bucket). */
export interface KeyValue {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** Durable storage for blobs of any size (NATS object store: chunked). */
export interface ObjectStore {
  put(name: string, data: Uint8Array): Promise<void>;
  /** null when there is no such object. */
  get(name: string): Promise<Uint8Array | null>;
  delete(name: string): Promise<void>;
  list(): Promise<string[]>;
}

export interface ObjectStoreOptions {
  /** Objects are removed this long after their put; 0 keeps them. Fixed when the bucket is created. @default 0 */
  ttlMs?: number;
}

/** One delivery from a work queue. Unacked deliveries come back after ackWaitMs. */
export interface WorkItem {
  subject: string;
  data: Uint8Array;
  /** 1 on first delivery, more on redelivery. */
  deliveryCount: number;
  ack(): Promise<void>;
  /** Hand back for redelivery, after delayMs (default: at once). */
  nak(delayMs?: number): void;
  /** Never redeliver (after dead-lettering it). */
  term(): void;
  /**
   * Set when the delivery cannot be opened at all (a malformed claim-check
   * envelope, or one whose object is gone): why. Consumers dead-letter it.
   */
  readonly poison?: string;
  /** Extend the ack deadline while the work is still in progress. */
  working(): void;
}

export interface ConsumeOptions {
  /** Durable consumer name: consumers sharing it share the work. */
  durable: string;
  /** Deliveries held unacked at once by this process. @default 16 */
  maxInFlight?: number;
  /** Redeliver when not acked within this time. @default 30000 */
  ackWaitMs?: number;
}

export interface WorkConsumer extends AsyncIterable<WorkItem> {
  /** Stop fetching; items already delivered may still be acked. */
  stop(): Promise<void>;
}

/** A durable work queue: every message is delivered until one consumer acks it. */
export interface WorkQueue {
  readonly name: string;
  push(subject: string, data: Uint8Array): Promise<void>;
  consume(opts: ConsumeOptions): WorkConsumer;
  /** Messages stored and not yet acked (the lag KEDA scales on). */
  pending(): Promise<number>;
}

export interface WorkQueueOptions {
  /** Subjects captured by the queue. */
  subjects: string[];
  /** Largest message the queue accepts, bytes. @default 1 MiB */
  maxMsgBytes?: number;
}

export interface Bus {
  readonly kind: 'nats' | 'local';
  /** Largest payload one publish may carry; larger goes through claim-check. */
  readonly maxPayload: number;
  /** Largest value one key-value put may carry: the server's message limit, which no claim check lifts. */
  readonly maxKvValue: number;
  publish(subject: string, data: Uint8Array): Promise<void>;
  subscribe(subject: string, opts?: SubscribeOptions): Subscription;
  request(subject: string, data: Uint8Array, opts?: RequestOptions): Promise<Uint8Array>;
  kv(bucket: string): Promise<KeyValue>;
  objects(bucket: string, opts?: ObjectStoreOptions): Promise<ObjectStore>;
  workQueue(name: string, opts: WorkQueueOptions): Promise<WorkQueue>;
  /** Flush pending publishes and close. */
  close(): Promise<void>;
}
