// Typed consumption of a work queue: decode and check each item against its
// schema, dead-letter what fails, hand the rest to the handler with bounded
// concurrency, ack on success, nak with backoff on failure. An item is
// delivered at most maxDeliveries times: the handler's last failure, or a
// delivery beyond the bound (a handler that crashed its process each time),
// dead-letters it. The work is not lost: its prompt's group is overdue at the
// scheduler, which issues the prompt again. While the handler works, the ack
// deadline is extended, so a slow call is not taken for a dead consumer.
// Drains on abort.
import type { z } from 'zod';
import type { WorkItem, WorkQueue } from '../bus/bus.ts';
import { checkMessage } from '../wire/check.ts';
import { deadLetter } from './dead-letter.ts';
import type { ActorContext } from './context.ts';
import { oneLine } from '../core/errors.ts';
import { backoffMs, type BackoffOptions } from '../core/backoff.ts';

/** Redelivery delay of a failed item: 250 ms doubling per delivery, at most 30 s. */
const NAK_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 30_000, jitter: 'none' };

export interface ConsumeCheckedOptions {
  durable: string;
  kind: string;
  maxInFlight: number;
  ackWaitMs?: number;
  /** When false the handler acks itself (the learner acks after its commit). */
  autoAck?: boolean;
  /** Deliveries an item gets before it is dead-lettered. @default unbounded */
  maxDeliveries?: number;
}

export async function consumeChecked<S extends z.ZodType>(
  ctx: ActorContext,
  queue: WorkQueue,
  schema: S,
  opts: ConsumeCheckedOptions,
  handle: (msg: z.infer<S>, item: WorkItem) => Promise<void>,
): Promise<void> {
  const consumer = queue.consume({ durable: opts.durable, maxInFlight: opts.maxInFlight, ackWaitMs: opts.ackWaitMs });
  const maxDeliveries = opts.maxDeliveries ?? Infinity;
  const keepAliveMs = Math.max(500, (opts.ackWaitMs ?? 30_000) / 3);
  const onAbort = () => void consumer.stop();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const inFlight = new Set<Promise<void>>();
  try {
    for await (const item of consumer) {
      if (ctx.signal.aborted) { item.nak(); break; }
      const refused = item.poison
        ?? (item.deliveryCount > maxDeliveries ? `delivered ${item.deliveryCount} times (the bound is ${maxDeliveries}) without being handled` : null);
      const checked = refused === null ? checkMessage(schema, item.data) : { ok: false as const, reason: refused };
      if (!checked.ok) {
        await deadLetter(ctx, item.subject, opts.kind, checked.reason, item.data);
        item.term();
        continue;
      }
      const keepAlive = setInterval(() => { try { item.working(); } catch { /* the connection is down; redelivery covers it */ } }, keepAliveMs);
      const p = handle(checked.value, item).then(
        async () => {
          if (opts.autoAck === false) return;
          // An ack that fails (NATS restarting) means a redelivery the ledger counts once, not a crash.
          await item.ack().catch((e: unknown) => ctx.log.warn(`acking ${opts.kind} failed; it may be redelivered`, { reason: oneLine(e) }));
        },
        async (e) => {
          ctx.counters.inc(`${opts.kind}.handler_errors`);
          if (item.deliveryCount >= maxDeliveries) {
            await deadLetter(ctx, item.subject, opts.kind, `failed on each of ${item.deliveryCount} deliveries, last: ${oneLine(e)}`, item.data);
            item.term();
            return;
          }
          ctx.log.warn(`handling ${opts.kind} failed; it will be redelivered`, { reason: oneLine(e), delivery: item.deliveryCount });
          item.nak(backoffMs(item.deliveryCount, NAK_BACKOFF));
        },
      ).finally(() => {
        clearInterval(keepAlive);
        inFlight.delete(p);
      });
      inFlight.add(p);
      if (inFlight.size >= opts.maxInFlight) await Promise.race(inFlight);
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await Promise.allSettled(inFlight);
  }
}
