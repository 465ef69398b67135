// Judge training data: prompts of the judge split answered by a fixed mix of
// off-policy "policies" (policies.ts) and labelled by gold with its trace.
// The mix's spurious correlations are documented in docs/testbed.md.
import { TribunalError } from '../core/errors.ts';
import { goldJudge } from './gold.ts';
import { respond, type PolicyName } from './policies.ts';
import { Rng, mixSeed } from '../core/rng.ts';
import { makePrompts, type TestbedPrompt } from './tasks.ts';
import type { ReasoningEffort } from './trace.ts';

export interface JudgeExample {
  prompt: TestbedPrompt;
  response: string;
  /** Gold score 0..9. */
  gold: number;
  /** Gold's trace at the data's reasoning effort; scoreFromTrace(trace) === gold. */
  trace: string[];
  /** Which off-policy generator wrote the response (for analysis; judges never see it). */
  policy: PolicyName;
}

/** Share of each generator in the mix (relative weights). */
export const POLICY_MIX: Readonly<Record<PolicyName, number>> = {
  good: 0.27,
  partial: 0.2,
  wrong: 0.14,
  empty: 0.06,
  verbose: 0.17,
  cautious: 0.1,
  marker: 0.06,
};

export interface MakeJudgeDataOptions {
  seed: number;
  count: number;
  /** How much of its task check gold's traces work out. @default low */
  effort?: ReasoningEffort;
}

/** `count` labelled examples from the judge split, deterministic in the seed. */
export function makeJudgeData({ seed, count, effort = 'low' }: MakeJudgeDataOptions): JudgeExample[] {
  if (!Number.isInteger(count) || count < 0) throw new TribunalError('BAD_CONFIG', `count must be a non-negative integer, got ${count}`);
  const prompts = makePrompts({ seed, split: 'judge', count });
  const rng = new Rng(mixSeed(seed, 0x0ff));
  const names = Object.keys(POLICY_MIX) as PolicyName[];
  const weights = names.map((n) => POLICY_MIX[n]);
  return prompts.map((prompt) => {
    const policy = names[rng.categorical(weights)];
    const response = respond(rng, policy, prompt.spec, prompt.text.split(' '));
    const { score, trace } = goldJudge(prompt, response, effort);
    return { prompt, response, gold: score, trace, policy };
  });
}
