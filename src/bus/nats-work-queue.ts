// NatsBus's work queue: a JetStream stream with WorkQueue retention on file
// storage, read by durable pull consumers with explicit ack. Unacked messages
// come back after ackWait, so a SIGKILLed consumer loses nothing.
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  nanos,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import { JsonLogger } from '../core/logger.ts';
import { TribunalError } from '../core/errors.ts';
import { AsyncQueue } from './async-queue.ts';
import type { ConsumeOptions, WorkConsumer, WorkItem, WorkQueue, WorkQueueOptions } from './bus.ts';
import { fromNatsError } from './nats-errors.ts';
import { anySubjectMatches } from './subject-match.ts';

class NatsWorkItem implements WorkItem {
  constructor(private readonly m: JsMsg) {}
  get subject(): string {
    return this.m.subject;
  }
  get data(): Uint8Array {
    return this.m.data;
  }
  get deliveryCount(): number {
    return this.m.info.deliveryCount;
  }
  /** Resolves once the server has recorded the ack (the message is then gone for good). */
  async ack(): Promise<void> {
    try {
      await this.m.ackAck();
    } catch (err) {
      throw fromNatsError(err, `ack on ${this.m.subject}`);
    }
  }
  nak(delayMs?: number): void {
    this.m.nak(delayMs && delayMs > 0 ? delayMs : undefined);
  }
  term(): void {
    this.m.term();
  }
  working(): void {
    this.m.working();
  }
}

class NatsWorkConsumer implements WorkConsumer {
  private readonly items = new AsyncQueue<WorkItem>(() => void this.stop());
  private messages: ConsumerMessages | null = null;
  private stopped = false;

  constructor(start: () => Promise<ConsumerMessages>) {
    start().then(
      (msgs) => this.run(msgs),
      (err) => this.items.end(err),
    );
  }

  private async run(msgs: ConsumerMessages): Promise<void> {
    this.messages = msgs;
    if (this.stopped) msgs.stop();
    try {
      for await (const m of msgs) this.items.push(new NatsWorkItem(m));
      this.items.end();
    } catch (err) {
      this.items.end(fromNatsError(err, 'work queue consume'));
    }
  }

  /** Fetched-but-unread messages are left to redeliver after ackWait. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    this.items.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<WorkItem> {
    return this.items;
  }
}

export class NatsWorkQueue implements WorkQueue {
  private constructor(
    readonly name: string,
    private readonly subjects: string[],
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  /** Creates the stream, or adopts an existing one with the same name (updating its subjects and limit). */
  static async open(js: JetStreamClient, jsm: JetStreamManager, name: string, opts: WorkQueueOptions): Promise<NatsWorkQueue> {
    const config = {
      name,
      subjects: opts.subjects,
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_msg_size: opts.maxMsgBytes ?? 1 << 20,
    };
    try {
      await jsm.streams.add(config);
    } catch (err) {
      const existing = await jsm.streams.info(name).catch(() => null);
      if (!existing) throw fromNatsError(err, `work queue ${name} create`);
      if (existing.config.retention !== RetentionPolicy.Workqueue) {
        throw new TribunalError('CONFLICT', `stream ${name} exists without work-queue retention`, { cause: err });
      }
      try {
        await jsm.streams.update(name, { subjects: config.subjects, max_msg_size: config.max_msg_size });
      } catch (e) {
        throw fromNatsError(e, `work queue ${name} update`);
      }
    }
    return new NatsWorkQueue(name, opts.subjects, js, jsm);
  }

  async push(subject: string, data: Uint8Array): Promise<void> {
    if (!anySubjectMatches(this.subjects, subject)) {
      throw new TribunalError('BAD_CONFIG', `subject ${subject} is not captured by work queue ${this.name}`);
    }
    try {
      await this.js.publish(subject, data, { expect: { streamName: this.name } });
    } catch (err) {
      throw fromNatsError(err, `work queue ${this.name} push ${subject}`);
    }
  }

  consume(opts: ConsumeOptions): WorkConsumer {
    const maxInFlight = opts.maxInFlight ?? 16;
    return new NatsWorkConsumer(async () => {
      await this.ensureConsumer(opts.durable, maxInFlight, opts.ackWaitMs ?? 30_000);
      const consumer = await this.js.consumers.get(this.name, opts.durable);
      return consumer.consume({ max_messages: maxInFlight });
    });
  }

  async pending(): Promise<number> {
    try {
      return (await this.jsm.streams.info(this.name)).state.messages;
    } catch (err) {
      throw fromNatsError(err, `work queue ${this.name} info`);
    }
  }

  /**
   * Idempotent: a durable that already exists is used as it is (its first
   * creator's settings win), unless it is ahead of its stream: a store that
   * lost its last writes (a full disk) comes back with a lower last sequence,
   * and new messages would then get sequences the consumer counts as
   * delivered and skip for ever. Such a consumer is made again from the start
   * of the stream; what it delivers twice the ledger counts once.
   */
  private async ensureConsumer(durable: string, maxAckPending: number, ackWaitMs: number): Promise<void> {
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ackWaitMs),
      max_ack_pending: maxAckPending,
    };
    try {
      await this.jsm.consumers.add(this.name, config);
    } catch (err) {
      const existing = await this.jsm.consumers.info(this.name, durable).catch(() => null);
      if (!existing) throw fromNatsError(err, `work queue ${this.name} consumer ${durable}`);
    }
    const [consumer, stream] = await Promise.all([this.jsm.consumers.info(this.name, durable), this.jsm.streams.info(this.name)]).catch(() => [null, null]);
    if (consumer && stream && consumer.delivered.stream_seq > stream.state.last_seq) {
      this.onRepair?.(`consumer ${durable} of ${this.name} was at sequence ${consumer.delivered.stream_seq} but the stream ends at ${stream.state.last_seq} (its store lost writes, e.g. on a full disk): made again from the start of the stream`);
      await this.jsm.consumers.delete(this.name, durable).catch(() => {});
      await this.jsm.consumers.add(this.name, config).catch(async (err) => {
        if (!(await this.jsm.consumers.info(this.name, durable).catch(() => null))) throw fromNatsError(err, `work queue ${this.name} consumer ${durable}`);
      });
    }
  }

  /** Told, in one line, when a consumer had to be made again (see ensureConsumer). */
  onRepair?: (line: string) => void = (line) => new JsonLogger({ kind: 'bus' }).warn(line);
}
