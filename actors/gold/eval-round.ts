// One eval round, run by the gold actor: the policy (a rollout actor, at the
// version it holds) samples the held-out prompts, the training judge scores
// them (proxy), and the caller's gold judge scores them too. A callee that
// dies mid-call goes silent (no beats): the call is made again, and reaches
// another rollout or judge, until evalCallTimeoutMs has passed (for each of
// the two calls, sample and score).
import type { ActorContext } from '../../src/runtime/context.ts';
import type { GoldRequest } from '../../src/wire/messages.ts';
import { BEAT_MS, callActor } from '../../src/bus/actor-call.ts';
import { isTribunalError, oneLine } from '../../src/core/errors.ts';
import { sleep } from '../../src/core/sleep.ts';
import { SampleReply, ScoreReply } from '../../src/wire/calls.ts';
import { evalPrompts } from '../../src/data/prompts.ts';
import { checkReply } from '../../src/wire/check-reply.ts';

/** Fills an empty eval request with samples and their proxy scores. */
export async function sampleEvalRound(ctx: ActorContext, req: GoldRequest): Promise<GoldRequest> {
  const { cfg } = ctx;
  const prompts = evalPrompts(cfg, cfg.actors.gold.evalPrompts);
  const sampled = checkReply(SampleReply, await callUntilAnswered(ctx, 'rollout', 'sample', {
    inputs: prompts.map((p) => p.input), n: cfg.actors.gold.evalSamplesPerPrompt, seed: cfg.run.seed * 7_919 + req.step,
  }), 'rollout.sample reply');
  const texts = prompts.map((p) => p.text);
  const scored = checkReply(ScoreReply, await callUntilAnswered(ctx, 'judge', 'score', {
    prompts: texts, responses: sampled.completions,
  }), 'judge.score reply');
  return {
    ...req, version: sampled.version, prompts: texts, responses: sampled.completions, proxyScores: scored.rewards,
    meta: prompts.map((p) => p.meta),
  };
}


/** Calls `kind`'s `method` again (another member answers) while callees go silent or none is there, until evalCallTimeoutMs. */
async function callUntilAnswered(ctx: ActorContext, kind: 'rollout' | 'judge', method: string, args: unknown): Promise<unknown> {
  const deadline = Date.now() + ctx.cfg.actors.gold.evalCallTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      // A callee silent (no beat) as long as a consumer must be to be presumed dead is taken for dead.
      const silentMs = Math.max(3 * BEAT_MS, ctx.cfg.nats.ackWaitMs);
      return await callActor(ctx.bus, `${ctx.subjects.calls}.${kind}`, method, args, { timeoutMs: Math.max(1, deadline - Date.now()), silentMs });
    } catch (e) {
      // A callee that answered with an error would answer so again; silence and no responders are worth another try.
      const retry = isTribunalError(e, 'TIMEOUT') || isTribunalError(e, 'UNAVAILABLE');
      if (!retry || Date.now() >= deadline - 500 || ctx.signal.aborted) throw e;
      ctx.counters.inc(`eval_call_retries.${kind}`);
      ctx.log.warn(`an eval round's ${kind}.${method} call got no answer; calling again`, { attempt, reason: oneLine(e) });
      if (isTribunalError(e, 'UNAVAILABLE')) await sleep(Math.min(1000 * attempt, 5000), ctx.signal); // none there yet; silence already waited
    }
  }
}
