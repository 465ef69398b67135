// Rollout actor: asks the scheduler for prompts, samples G completions each
// with the newest weights it holds, tags the group with that version, pushes
// it to the judges' queue and reports it produced. New weights are picked up
// between groups, never inside one.
import type { ActorContext } from '../../src/runtime/context.ts';
import { createSampler, engineContext } from '../../src/backends/registry.ts';
import { WeightsFollower } from '../../src/runtime/weights.ts';
import { trainPrompts } from '../../src/data/prompts.ts';
import { encode } from '../../src/wire/codec.ts';
import type { RolloutGroup } from '../../src/wire/messages.ts';
import { sleep, untilAborted } from '../../src/core/sleep.ts';
import { serveCalls } from '../../src/bus/actor-call.ts';
import { parseCall, SampleCall, type SampleReply } from '../../src/wire/calls.ts';
import { rolloutSeed } from '../../src/core/rng.ts';
import { isTribunalError } from '../../src/core/errors.ts';

export async function runRollout(ctx: ActorContext): Promise<void> {
  const { cfg, scheduler, actorId } = ctx;
  const sampler = await createSampler(cfg.engines.policy, engineContext(cfg, ctx.log));
  const weights = await WeightsFollower.start(ctx.bus, ctx.subjects, ctx.log, ctx.counters);
  const prompts = trainPrompts(cfg);
  if (sampler.usageSnapshot) ctx.reportUsage('sampler', () => sampler.usageSnapshot!());
  // Eval rounds: the gold actor asks for samples at the version held now.
  const calls = serveCalls(ctx.bus, `${ctx.subjects.calls}.rollout`, {
    sample: async (args) => {
      const call = parseCall(SampleCall, args, 'rollout.sample');
      const completions: string[][] = [];
      const version = sampler.version;
      for (const [i, input] of call.inputs.entries()) {
        const out = await sampler.sample({ prompt: input, n: call.n, maxNewTokens: cfg.rl.maxNewTokens, temperature: cfg.rl.temperature, seed: call.seed + i });
        completions.push(out.completionsG.map((c) => c.text));
      }
      return { version, completions } satisfies SampleReply;
    },
  });
  ctx.setReady(true);
  try {
    while (!ctx.signal.aborted) {
      await weights.syncInto(sampler);
      let r: Awaited<ReturnType<typeof scheduler.acquire>>;
      try {
        r = await scheduler.acquire({ actorId, max: cfg.actors.rollout.groupsInFlight, waitMs: 1000 });
      } catch (e) {
        // A restarted scheduler knows no actors until they register again: do so, not crash.
        if (!isTribunalError(e, 'NOT_FOUND')) throw e;
        await ctx.reregister();
        continue;
      }
      if (r.done) {
        // Every prompt is consumed, but eval rounds may still call: serve them until the run drains us.
        await untilAborted(ctx.signal);
        break;
      }
      const grantedAtMs = Date.now();
      weights.bound(r.version);
      if (r.grants.length === 0) {
        await sleep(r.retryAfterMs, ctx.signal);
        continue;
      }
      // Admission counted these grants from the published version: sample with
      // weights at least that new (out already; at most a hop away), so no group is
      // more than eta versions old when the learner takes it.
      await weights.waitForVersion(r.publishedVersion, cfg.actors.rollout.weightsWaitMs, ctx.signal);
      await weights.syncInto(sampler);
      await Promise.all(r.grants.map(async (g) => {
        const prompt = prompts.get(g.index);
        const t0 = performance.now();
        const sampleStartMs = Date.now();
        const out = await sampler.sample({
          prompt: prompt.input, n: cfg.rl.groupSize, maxNewTokens: cfg.rl.maxNewTokens,
          temperature: cfg.rl.temperature, seed: rolloutSeed(cfg.run.seed, g.promptId, g.attempt),
        });
        const group: RolloutGroup = {
          promptId: g.promptId, attempt: g.attempt, groupId: `${g.promptId}.${g.attempt}`, version: sampler.version,
          prompt: prompt.text, promptTokens: out.promptTokens, completionsG: out.completionsG,
          actorId, grantedAtMs, sampleStartMs, sampledAtMs: Date.now(), meta: prompt.meta,
        };
        await ctx.queues.rollouts.push(ctx.subjects.rollouts, encode(group));
        await scheduler.reportProduced({ actorId, promptId: g.promptId, attempt: g.attempt });
        const tokens = out.completionsG.reduce((n, c) => n + c.tokensT.length, 0);
        ctx.counters.inc('groups_sampled');
        ctx.counters.observe('sample', (performance.now() - t0) / 1000);
        ctx.counters.gauge('policy_version', sampler.version);
        ctx.counters.inc('tokens_sampled', tokens);
        ctx.log.debug('sampled a group', { promptId: g.promptId, version: sampler.version, tokens, ms: Math.round(performance.now() - t0) });
      }));
    }
  } finally {
    calls.stop();
    weights.stop();
    await sampler.close();
  }
}
