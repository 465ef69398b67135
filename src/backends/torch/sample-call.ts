// The Sample verb's request and reply as the samplers see them: prompts of
// one batch with a seed each (the service draws each prompt's completions from
// its own stream, so a prompt samples the same whatever shares its batch), and
// the reply read back per prompt, checked for the count asked for.
import { TribunalError } from '../../core/errors.ts';
import type { TorchEngineConfig } from '../../config/engines/torch.ts';
import type { SampleRequest, SampleResult } from '../../engines/types.ts';
import type { SampleRequest as SampleCall } from './generated/tribunal/trainer/v1/SampleRequest.ts';
import type { SampleReply__Output } from './generated/tribunal/trainer/v1/SampleReply.ts';
import { unpackF32, unpackI32 } from './packing.ts';

/** One Sample call for a batch of requests: they must agree on n, tokens and temperature (one rollout's grants do). */
export function sampleCall(reqs: readonly SampleRequest[], engine: TorchEngineConfig, defaultSeed: number, fromSnapshot: boolean): SampleCall {
  const [first] = reqs;
  const odd = reqs.find((r) => r.n !== first.n || r.maxNewTokens !== first.maxNewTokens || r.temperature !== first.temperature);
  if (odd) throw new TribunalError('INTERNAL', 'torch sampler: the prompts of one batch must share n, maxNewTokens and temperature');
  return {
    prompts: reqs.map((r) => r.prompt), chatTemplate: engine.chatTemplate, n: first.n, maxNewTokens: first.maxNewTokens,
    temperature: first.temperature, topP: engine.topP, topK: engine.topK, seed: defaultSeed,
    seeds: reqs.map((r) => r.seed ?? defaultSeed), fromSnapshot,
  };
}

/** The reply as one result per request, each tagged with the version the service sampled. */
export function sampledResults(reqs: readonly SampleRequest[], r: SampleReply__Output, who: string): SampleResult[] {
  if (r.prompts.length !== reqs.length) throw new TribunalError('ENGINE', `${who}: asked for ${reqs.length} prompts, got ${r.prompts.length}`);
  return r.prompts.map((p, i) => {
    if (p.completions.length !== reqs[i].n) throw new TribunalError('ENGINE', `${who}: asked for ${reqs[i].n} completions, got ${p.completions.length}`);
    return {
      promptTokens: unpackI32(p.promptTokensI32, 'Sample prompt tokens'),
      completionsG: p.completions.map((c) => ({
        text: c.text, tokensT: unpackI32(c.tokensI32, 'Sample tokens'), logprobsT: unpackF32(c.logprobsF32, 'Sample logprobs'), finished: c.finished,
      })),
      version: Number(r.weightsVersion),
    };
  });
}
