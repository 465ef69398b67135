// Rollout actor: asks the scheduler for prompts, samples G completions each
// with the newest weights it holds, tags the group with that version, pushes
// it to the judges' queue and reports it produced. New weights are picked up
// between groups, never inside one.
import type { ActorContext } from '../../src/runtime/context.ts';
import { createSampler } from '../../src/engines/registry.ts';
import { WeightsFollower } from '../../src/runtime/weights.ts';
import { trainPrompts } from '../../src/data/prompts.ts';
import { encode } from '../../src/wire/codec.ts';
import type { RolloutGroup } from '../../src/wire/messages.ts';
import { sleep } from '../../src/runtime/sleep.ts';

export async function runRollout(ctx: ActorContext): Promise<void> {
  const { cfg, scheduler, actorId } = ctx;
  const sampler = await createSampler(cfg, cfg.run.seed);
  const weights = await WeightsFollower.start(ctx.bus, ctx.subjects, ctx.log, ctx.counters);
  const prompts = trainPrompts(cfg);
  let draws = 0;
  ctx.setReady(true);
  try {
    while (!ctx.signal.aborted) {
      await weights.syncInto(sampler);
      const r = await scheduler.acquire({ actorId, max: cfg.actors.rollout.groupsInFlight, waitMs: 1000 });
      if (r.done) break;
      if (r.grants.length === 0) {
        await sleep(r.retryAfterMs, ctx.signal);
        continue;
      }
      await Promise.all(r.grants.map(async (g) => {
        const prompt = prompts.get(g.index);
        const t0 = performance.now();
        const out = await sampler.sample({
          prompt: prompt.input, n: cfg.rl.groupSize, maxNewTokens: cfg.rl.maxNewTokens,
          temperature: cfg.rl.temperature, seed: cfg.run.seed * 1_000_003 + Number(g.promptId) * 131 + g.attempt * 7 + draws++,
        });
        const group: RolloutGroup = {
          promptId: g.promptId, attempt: g.attempt, groupId: `${g.promptId}.${g.attempt}`, version: sampler.version,
          prompt: prompt.text, promptTokens: out.promptTokens, completionsG: out.completionsG,
          actorId, sampledAtMs: Date.now(), meta: prompt.meta,
        };
        await ctx.queues.rollouts.push(ctx.subjects.rollouts, encode(group));
        await scheduler.reportProduced({ actorId, promptId: g.promptId, attempt: g.attempt });
        const tokens = out.completionsG.reduce((n, c) => n + c.tokensT.length, 0);
        ctx.counters.inc('groups_sampled');
        ctx.counters.inc('tokens_sampled', tokens);
        ctx.log.debug('sampled a group', { promptId: g.promptId, version: sampler.version, tokens, ms: Math.round(performance.now() - t0) });
      }));
    }
  } finally {
    weights.stop();
    await sampler.close();
  }
}
