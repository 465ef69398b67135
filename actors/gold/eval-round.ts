// One eval round, run by the gold actor: the policy (a rollout actor, at the
// version it holds) samples the held-out prompts, the training judge scores
// them (proxy), and the caller's gold judge scores them too.
import type { ActorContext } from '../../src/runtime/context.ts';
import type { GoldRequest } from '../../src/wire/messages.ts';
import { callActor } from '../../src/bus/actor-call.ts';
import { SampleReply, ScoreReply } from '../../src/wire/calls.ts';
import { evalPrompts } from '../../src/data/prompts.ts';
import { checkReply } from '../../src/wire/check-reply.ts';

/** Fills an empty eval request with samples and their proxy scores. */
export async function sampleEvalRound(ctx: ActorContext, req: GoldRequest): Promise<GoldRequest> {
  const { cfg } = ctx;
  const prompts = evalPrompts(cfg, cfg.actors.gold.evalPrompts);
  const timeoutMs = cfg.actors.gold.evalCallTimeoutMs;
  const sampled = checkReply(SampleReply, await callActor(ctx.bus, `${ctx.subjects.calls}.rollout`, 'sample', {
    inputs: prompts.map((p) => p.input), n: cfg.actors.gold.evalSamplesPerPrompt, seed: cfg.run.seed * 7_919 + req.step,
  }, { timeoutMs }), 'rollout.sample reply');
  const texts = prompts.map((p) => p.text);
  const scored = checkReply(ScoreReply, await callActor(ctx.bus, `${ctx.subjects.calls}.judge`, 'score', {
    prompts: texts, responses: sampled.completions,
  }, { timeoutMs }), 'judge.score reply');
  return {
    ...req, version: sampled.version, prompts: texts, responses: sampled.completions, proxyScores: scored.rewards,
    meta: prompts.map((p) => p.meta),
  };
}
