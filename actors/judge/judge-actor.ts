// Judge actor: takes rollout groups off the durable queue, scores every
// completion (pointwise or pairwise) and pushes a ScoredGroup for the learner.
// Invalid judge outputs earn the configured reward; nothing here throws them.
import type { ActorContext } from '../../src/runtime/context.ts';
import { createJudge } from '../../src/engines/registry.ts';
import { consumeChecked } from '../../src/runtime/consume.ts';
import { RolloutGroup, type GoldRequest, type ScoredGroup } from '../../src/wire/messages.ts';
import { sampledForGold } from '../../src/judging/gold-sampling.ts';
import { encode } from '../../src/wire/codec.ts';
import { scoreGroup } from '../../src/judging/score-group.ts';

export async function runJudge(ctx: ActorContext): Promise<void> {
  const judge = await createJudge(ctx.cfg, 'judge');
  ctx.setReady(true);
  try {
    await consumeChecked(ctx, ctx.queues.rollouts, RolloutGroup, {
      durable: 'judges', kind: 'RolloutGroup', maxInFlight: ctx.cfg.actors.judge.maxInFlight, ackWaitMs: ctx.cfg.nats.ackWaitMs,
    }, async (group) => {
      const { rewardsG, verdictsG, invalid } = await scoreGroup(judge, group, ctx.cfg.rl.invalidReward);
      const scored: ScoredGroup = { ...group, judgeId: ctx.actorId, rewardsG, verdictsG, invalid };
      await ctx.queues.scored.push(ctx.subjects.scored, encode(scored));
      const gold = ctx.cfg.actors.gold;
      if (gold.replicas > 0 && sampledForGold(group.groupId, gold.sampleFraction)) {
        const req: GoldRequest = {
          requestId: `train.${group.groupId}`, kind: 'train', version: group.version, step: group.version,
          prompts: [group.prompt], responses: [group.completionsG.map((c) => c.text)], proxyScores: [Array.from(rewardsG)], meta: [group.meta],
        };
        await ctx.queues.gold.push(ctx.subjects.goldRequests, encode(req));
      }
      ctx.counters.inc('groups_scored');
      ctx.counters.inc('verdicts_invalid', invalid);
    });
  } finally {
    await judge.close();
  }
}
