// Train/inference drift: how far the learner's logprobs (pi_prox) are from
// the behaviour logprobs the sampler recorded (mu), per token. Metrics only;
// the correction itself is the importance weight in loss.ts.
import { TribunalError } from '../core/errors.ts';

export interface MismatchStats {
  /** Mean over all tokens of |log pi_prox - log mu| (nats). 0 when there are no tokens. */
  meanAbsLogDiff: number;
  /** Max over all tokens of |log pi_prox - log mu| (nats). 0 when there are no tokens. */
  maxAbsLogDiff: number;
  tokens: number;
}

/** Per-token |logpProx - logpMu| over a batch of sequences (each pair of arrays aligned by token). */
export function mismatchStats(logpProxT: ArrayLike<number>[], logpMuT: ArrayLike<number>[]): MismatchStats {
  if (logpProxT.length !== logpMuT.length) {
    throw new TribunalError('BAD_MESSAGE', `mismatchStats: ${logpProxT.length} prox sequences vs ${logpMuT.length} behaviour sequences`);
  }
  let sum = 0;
  let max = 0;
  let tokens = 0;
  for (let s = 0; s < logpProxT.length; s++) {
    const prox = logpProxT[s];
    const mu = logpMuT[s];
    if (prox.length !== mu.length) {
      throw new TribunalError('BAD_MESSAGE', `mismatchStats: sequence ${s} has ${prox.length} prox vs ${mu.length} behaviour logprobs`);
    }
    for (let t = 0; t < prox.length; t++) {
      const d = Math.abs(prox[t] - mu[t]);
      sum += d;
      if (d > max) max = d;
      tokens++;
    }
  }
  return { meanAbsLogDiff: tokens === 0 ? 0 : sum / tokens, maxAbsLogDiff: max, tokens };
}
