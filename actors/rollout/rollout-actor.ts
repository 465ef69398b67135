// Rollout actor: asks the scheduler for prompts, samples G completions each
// with the newest weights it holds (all of them in one batch where the sampler
// batches), tags each group with the version that drew it, pushes it to the
// judges' queue and reports it produced. New weights are picked up between
// batches, never inside one. Prompts a sampler could not reach its server for
// are released to be sampled again.
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
import { isTribunalError, oneLine } from '../../src/core/errors.ts';
import { grantsPerAcquire } from '../../src/config/schema.ts';
import { oneMachine, samplerPlacement } from '../../src/config/placement.ts';
import type { SampleResult } from '../../src/engines/types.ts';
import { fanOut } from '../../src/core/fan-out.ts';

/** Longest wait for new weights after the sampler was unavailable, before asking for prompts again. */
const UNAVAILABLE_WAIT_MS = 5_000;

export async function runRollout(ctx: ActorContext): Promise<void> {
  const { cfg, scheduler, actorId } = ctx;
  const placement = samplerPlacement(cfg, oneMachine());
  const sampler = await createSampler(cfg.engines.policy, { ...engineContext(cfg, ctx.log), colocated: placement.colocated });
  const perAcquire = grantsPerAcquire(cfg, sampler.sampleMany !== undefined);
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
    let loadMs = 0; // loading new weights since the last batch was sampled
    let unavailableSince = -Infinity; // the sampler's server was last found gone (epoch ms)
    const sync = async () => {
      const t = performance.now();
      await weights.syncInto(sampler);
      loadMs += performance.now() - t;
    };
    while (!ctx.signal.aborted) {
      await sync();
      if (sampler.version < 0) {
        // A sampler that holds no weights (colocated: before the learner announces its service, or after it died): no prompts to ask for.
        await weights.waitForAnnouncementAfter(unavailableSince, UNAVAILABLE_WAIT_MS, ctx.signal);
        await sync();
        if (sampler.version < 0) {
          unavailableSince = Date.now(); // what is announced cannot be followed: wait for the next announcement
          continue;
        }
      }
      let r: Awaited<ReturnType<typeof scheduler.acquire>>;
      try {
        r = await scheduler.acquire({ actorId, max: perAcquire, waitMs: 1000 });
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
      await sync();
      const weightsLoadMs = loadMs;
      loadMs = 0;
      const reqs = r.grants.map((g) => ({
        prompt: prompts.get(g.index).input, n: cfg.rl.groupSize, maxNewTokens: cfg.rl.maxNewTokens,
        temperature: cfg.rl.temperature, seed: rolloutSeed(cfg.run.seed, g.promptId, g.attempt),
      }));
      const t0 = performance.now();
      const sampleStartMs = Date.now();
      // One batch where the sampler batches (each group out when the batch is), else each prompt on its own.
      const outs = sampler.sampleMany ? fanOut(sampler.sampleMany(reqs), reqs.length) : reqs.map((q) => sampler.sample(q));
      const unavailable = await Promise.all(r.grants.map(async (g, i) => {
        let out: SampleResult;
        try {
          out = await outs[i];
        } catch (e) {
          if (!isTribunalError(e, 'UNAVAILABLE')) throw e;
          return { grant: g, reason: oneLine(e) };
        }
        const prompt = prompts.get(g.index);
        const version = out.version ?? sampler.version;
        const group: RolloutGroup = {
          promptId: g.promptId, attempt: g.attempt, groupId: `${g.promptId}.${g.attempt}`, version,
          prompt: prompt.text, promptTokens: out.promptTokens, completionsG: out.completionsG,
          actorId, grantedAtMs, sampleStartMs, sampledAtMs: Date.now(), weightsLoadMs, meta: prompt.meta,
        };
        await ctx.queues.rollouts.push(ctx.subjects.rollouts, encode(group));
        await scheduler.reportProduced({ actorId, promptId: g.promptId, attempt: g.attempt });
        const tokens = out.completionsG.reduce((n, c) => n + c.tokensT.length, 0);
        ctx.counters.inc('groups_sampled');
        ctx.counters.observe('sample', (performance.now() - t0) / 1000);
        ctx.counters.gauge('policy_version', version);
        ctx.counters.inc('tokens_sampled', tokens);
        ctx.log.debug('sampled a group', { promptId: g.promptId, version, tokens, ms: Math.round(performance.now() - t0) });
        return null;
      }));
      const failed = unavailable.filter((u) => u !== null);
      if (failed.length) {
        // The sampler's server (a colocated learner's service that restarts, an unreachable endpoint) is
        // gone for now: its prompts go back to be sampled again, and the rollout waits for new weights a while.
        unavailableSince = Date.now();
        await scheduler.release({ actorId, items: failed.map((f) => ({ promptId: f.grant.promptId, attempt: f.grant.attempt })), reason: 'sampler unavailable' });
        ctx.counters.inc('groups_released_unavailable', failed.length);
        ctx.log.warn('the sampler is unavailable: its prompts are released for re-sampling; waiting for new weights', { released: failed.length, reason: failed[0].reason });
        await weights.waitForAnnouncementAfter(unavailableSince, UNAVAILABLE_WAIT_MS, ctx.signal);
      }
    }
  } finally {
    calls.stop();
    weights.stop();
    await sampler.close();
  }
}
