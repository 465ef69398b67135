// Judge actor: takes rollout groups off the durable queue, scores every
// completion (pointwise or pairwise) and pushes a ScoredGroup for the learner.
// Invalid judge outputs earn the configured reward; nothing here throws them.
// A group the judge fails on is redelivered up to nats.maxDeliveries times;
// on the last, its completions are scored invalid instead.
import type { ActorContext } from '../../src/runtime/context.ts';
import { createJudge, engineContext } from '../../src/backends/registry.ts';
import { consumeChecked } from '../../src/runtime/consume.ts';
import { RolloutGroup, type GoldRequest, type ScoredGroup } from '../../src/wire/messages.ts';
import { sampledForGold } from '../../src/judging/gold-sampling.ts';
import { encode } from '../../src/wire/codec.ts';
import { scoreGroup, scoreGroupOrInvalid, scoreTexts, verdictEntropies } from '../../src/scoring/score-group.ts';
import { serveCalls } from '../../src/bus/actor-call.ts';
import { parseCall, ScoreCall, type ScoreReply } from '../../src/wire/calls.ts';

export async function runJudge(ctx: ActorContext): Promise<void> {
  const judge = await createJudge(ctx.cfg.engines.judge, engineContext(ctx.cfg, ctx.log));
  // A second opinion for the gold-free watch: scored beside the judge, never the reward.
  const second = ctx.cfg.engines.secondJudge ? await createJudge(ctx.cfg.engines.secondJudge, engineContext(ctx.cfg, ctx.log)) : null;
  if (judge.usageSnapshot) ctx.reportUsage('judge', () => judge.usageSnapshot!());
  // Eval rounds: the gold actor asks for proxy scores of held-out samples.
  const calls = serveCalls(ctx.bus, `${ctx.subjects.calls}.judge`, {
    score: async (args) => {
      const call = parseCall(ScoreCall, args, 'judge.score');
      const scored = await Promise.all(call.prompts.map((prompt, i) => scoreTexts(judge, prompt, call.responses[i], ctx.cfg.rl.invalidReward)));
      return { rewards: scored.map((s) => Array.from(s.rewardsG)), invalid: scored.reduce((n, s) => n + s.invalid, 0) } satisfies ScoreReply;
    },
  });
  ctx.setReady(true);
  try {
    await consumeChecked(ctx, ctx.queues.rollouts, RolloutGroup, {
      durable: 'judges', kind: 'RolloutGroup', maxInFlight: ctx.cfg.actors.judge.maxInFlight, ackWaitMs: ctx.cfg.nats.ackWaitMs,
      maxDeliveries: ctx.cfg.nats.maxDeliveries,
    }, async (group, item) => {
      // The last delivery: if the judge call fails again, the whole group is scored invalid, so it still trains.
      const lastTry = item.deliveryCount >= ctx.cfg.nats.maxDeliveries;
      const t0 = performance.now();
      const judgeStartMs = Date.now();
      const { rewardsG, verdictsG, invalid, unavailable } = await (lastTry ? scoreGroupOrInvalid : scoreGroup)(judge, group, ctx.cfg.rl.invalidReward);
      if (unavailable) {
        ctx.counters.inc('verdicts_unavailable', unavailable);
        ctx.log.warn('the judge failed on every delivery of a group: its completions are scored invalid', { groupId: group.groupId, deliveries: item.deliveryCount, reward: ctx.cfg.rl.invalidReward });
      }
      const secondScores = second ? await scoreGroupOrInvalid(second, group, ctx.cfg.rl.invalidReward) : null;
      const secondRewardsG = secondScores?.rewardsG;
      const secondEntropiesG = secondScores ? verdictEntropies(secondScores.verdictsG) : undefined;
      // Reasoning text stays with the judge: the learner needs rewards, not essays.
      const scored: ScoredGroup = { ...group, judgeId: ctx.actorId, rewardsG, verdictsG: verdictsG.map(({ reasoningText: _, ...v }) => v), invalid, secondRewardsG, secondEntropiesG, judgeStartMs, scoredAtMs: Date.now() };
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
      ctx.counters.observe('judge', (performance.now() - t0) / 1000);
      ctx.counters.inc('verdicts_invalid', invalid);
    });
  } finally {
    calls.stop();
    await judge.close();
    await second?.close();
  }
}
