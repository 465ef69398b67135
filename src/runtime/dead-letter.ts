// Bad input never crashes an actor: it is counted, logged with its reason and
// published to the run's dead-letter subject, and the actor goes on.
import { encode } from '../wire/codec.ts';
import type { ActorContext } from './context.ts';
import { oneLine } from '../core/errors.ts';

export async function deadLetter(ctx: Pick<ActorContext, 'bus' | 'subjects' | 'log' | 'counters' | 'actorId'>, subject: string, kind: string, reason: string, payload: Uint8Array): Promise<void> {
  ctx.counters.inc('dead_letters');
  ctx.counters.inc(`dead_letters.${kind}`);
  ctx.log.warn('dead-lettered a message', { subject, kind, reason, bytes: payload.byteLength });
  try {
    await ctx.bus.publish(ctx.subjects.deadLetter, encode({ subject, kind, reason, actorId: ctx.actorId, atMs: Date.now(), payload }));
  } catch (e) {
    ctx.log.error('could not publish dead letter', { reason: oneLine(e) });
  }
}
