// Gold actor: scores what the gold queue holds (sampled training groups and
// eval rounds on held-out prompts, see eval-round.ts) with the gold judge and publishes a GoldResult for the hacking
// monitor. Its scores never become training reward.
import type { ActorContext } from '../../src/runtime/context.ts';
import { createJudge, engineContext } from '../../src/backends/registry.ts';
import { consumeChecked } from '../../src/runtime/consume.ts';
import { GoldRequest, type GoldResult } from '../../src/wire/messages.ts';
import { encode } from '../../src/wire/codec.ts';
import { goldResultFor } from '../../src/judging/gold-result.ts';
import { sampleEvalRound } from './eval-round.ts';

export async function runGold(ctx: ActorContext): Promise<void> {
  const judge = await createJudge(ctx.cfg.engines.gold, engineContext(ctx.cfg, ctx.log));
  if (judge.usageSnapshot) ctx.reportUsage('gold', () => judge.usageSnapshot!());
  ctx.setReady(true);
  try {
    await consumeChecked(ctx, ctx.queues.gold, GoldRequest, {
      durable: 'gold', kind: 'GoldRequest', maxInFlight: ctx.cfg.actors.gold.maxInFlight, ackWaitMs: ctx.cfg.nats.ackWaitMs, maxDeliveries: ctx.cfg.nats.maxDeliveries,
    }, async (request) => {
      const t0 = performance.now();
      // An eval request arrives empty: this actor gathers the samples itself.
      const req = request.kind === 'eval' && request.prompts.length === 0 ? await sampleEvalRound(ctx, request) : request;
      const items = req.prompts.flatMap((prompt, i) => req.responses[i].map((response) => ({ prompt, response })));
      const verdicts = await judge.scorePointwise(items);
      const result: GoldResult = goldResultFor(req, verdicts);
      await ctx.queues.goldResults.push(ctx.subjects.goldResults, encode(result));
      ctx.counters.inc(`gold_${req.kind}_requests`);
      ctx.counters.observe(`gold_${req.kind}`, (performance.now() - t0) / 1000);
      ctx.counters.inc('gold_invalid', verdicts.filter((v) => !v.valid).length);
    });
  } finally {
    await judge.close();
  }
}
