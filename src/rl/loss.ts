// Reference decoupled PPO objective (token level) on plain numbers: the spec
// that the tfjs and torch trainers reproduce (shared vectors in
// test/fixtures/ppo-loss-vectors.json), the truncated importance weights the
// learner folds into each token's advantage, and the learner's metrics (loss,
// clip fraction, importance weights) from the logprobs a trainer's forward
// pass returns. Gradients, tensors and the optimizer belong to the trainers.
//
// Per token t of a sequence with (scalar, per-sequence) advantage A:
//   ratio_t = exp(logpNew_t - logpProx_t)                    pi_theta / pi_prox
//   w_t     = min(exp(logpProx_t - logpMu_t), c)             truncated importance weight
//   surr_t  = min(ratio_t * A, clip(ratio_t, 1 - clipLow, 1 + clipHigh) * A)
//   kl_t    = exp(logpRef_t - logpNew_t) - (logpRef_t - logpNew_t) - 1      (k3 estimator)
//   loss_t  = -w_t * surr_t + klBeta * kl_t                 (kl term only when klBeta > 0 and logpRefT given)
// loss = sum over every token of every sequence of loss_t / (total token count)
// (token-level normalisation as in DAPO / verl "token-mean": long sequences weigh
// more; no per-sequence averaging first).
//
// Gradient contract: only logpNew carries gradient. logpProx, logpMu, logpRef,
// A and w_t are constants (w_t is stop-gradient). The min/clip are the plain
// PPO ones (no dual clip): when the clipped branch is the smaller one the token
// contributes no policy gradient. The k3 term is not multiplied by w_t.
// Edge case: when A = 0 the surrogate is 0 even if ratio overflows to Infinity
// (avoids Infinity * 0 = NaN).
//
// Metrics: a token counts as clipped when clip(ratio)*A < ratio*A strictly
// (verl's pg_clipfrac); importanceWeight{Mean,Max} are over the truncated w_t
// actually applied. With no tokens every field is 0.
import { TribunalError } from '../core/errors.ts';

export interface DecoupledPpoOptions {
  /** Lower clip: ratio floored at 1 - clipLow, in [0, 1). Paper: 0.2. */
  clipLow: number;
  /** Upper clip: ratio capped at 1 + clipHigh, >= 0. Paper: 0.3 (clip-higher). */
  clipHigh: number;
  /** Cap c on pi_prox / mu, > 0; Infinity disables truncation. */
  importanceCap: number;
  /** Weight of the k3 KL penalty against the reference policy, >= 0. Paper: 0. @default 0 */
  klBeta?: number;
}

/** One sequence's per-token logprobs (all aligned, same length) and its advantage. */
export interface PpoSequence {
  /** log pi_theta(token): the parameters being updated. */
  logpNewT: ArrayLike<number>;
  /** log pi_prox(token): the learner's policy before this update. */
  logpProxT: ArrayLike<number>;
  /** log mu(token): the behaviour policy that sampled it (recorded by the sampler). */
  logpMuT: ArrayLike<number>;
  advantage: number;
  /** log pi_ref(token), needed only when klBeta > 0. */
  logpRefT?: ArrayLike<number>;
}

export interface DecoupledPpoResult {
  loss: number;
  clipFraction: number;
  importanceWeightMean: number;
  importanceWeightMax: number;
  tokens: number;
}

export interface PpoTokenTerms {
  loss: number;
  clipped: boolean;
  /** Truncated importance weight w_t. */
  weight: number;
}

export function checkLossOptions(opts: DecoupledPpoOptions): Required<DecoupledPpoOptions> {
  const klBeta = opts.klBeta ?? 0;
  if (!(opts.clipLow >= 0 && opts.clipLow < 1)) throw new TribunalError('BAD_CONFIG', `clipLow must be in [0, 1), got ${opts.clipLow}`);
  if (!(opts.clipHigh >= 0)) throw new TribunalError('BAD_CONFIG', `clipHigh must be >= 0, got ${opts.clipHigh}`);
  if (!(opts.importanceCap > 0)) throw new TribunalError('BAD_CONFIG', `importanceCap must be > 0, got ${opts.importanceCap}`);
  if (!(klBeta >= 0)) throw new TribunalError('BAD_CONFIG', `klBeta must be >= 0, got ${klBeta}`);
  return { clipLow: opts.clipLow, clipHigh: opts.clipHigh, importanceCap: opts.importanceCap, klBeta };
}

/** w_t = min(pi_prox / mu, c): the truncated importance weight of one token (a constant of the loss). */
export function truncatedImportanceWeight(logpProx: number, logpMu: number, importanceCap: number): number {
  return Math.min(Math.exp(logpProx - logpMu), importanceCap);
}

/** loss_t for one token, exactly as in the module comment; logpRef undefined means no KL term. Options are not validated here. */
export function decoupledPpoTokenLoss(
  logpNew: number,
  logpProx: number,
  logpMu: number,
  advantage: number,
  logpRef: number | undefined,
  opts: DecoupledPpoOptions,
): PpoTokenTerms {
  const klBeta = opts.klBeta ?? 0;
  const ratio = Math.exp(logpNew - logpProx);
  const weight = truncatedImportanceWeight(logpProx, logpMu, opts.importanceCap);
  let surrogate = 0;
  let clipped = false;
  if (advantage !== 0) {
    const unclipped = ratio * advantage;
    const clippedRatio = Math.min(Math.max(ratio, 1 - opts.clipLow), 1 + opts.clipHigh);
    const clippedTerm = clippedRatio * advantage;
    clipped = clippedTerm < unclipped;
    surrogate = Math.min(unclipped, clippedTerm);
  }
  let loss = -weight * surrogate;
  if (klBeta > 0 && logpRef !== undefined) {
    const d = logpRef - logpNew;
    loss += klBeta * (Math.exp(d) - d - 1);
  }
  return { loss, clipped, weight };
}

/** Token-mean decoupled PPO loss over a batch of sequences, with its metrics. */
export function decoupledPpoLoss(seqs: PpoSequence[], opts: DecoupledPpoOptions): DecoupledPpoResult {
  const o = checkLossOptions(opts);
  let lossSum = 0;
  let clippedCount = 0;
  let weightSum = 0;
  let weightMax = 0;
  let tokens = 0;
  for (let s = 0; s < seqs.length; s++) {
    const { logpNewT, logpProxT, logpMuT, advantage, logpRefT } = seqs[s];
    const n = logpNewT.length;
    if (logpProxT.length !== n || logpMuT.length !== n || (logpRefT !== undefined && logpRefT.length !== n)) {
      throw new TribunalError('BAD_MESSAGE', `decoupledPpoLoss: sequence ${s} has logprob arrays of different lengths`);
    }
    if (!Number.isFinite(advantage)) throw new TribunalError('BAD_MESSAGE', `decoupledPpoLoss: sequence ${s} advantage is ${advantage}`);
    const useRef = o.klBeta > 0 && logpRefT !== undefined;
    for (let t = 0; t < n; t++) {
      const term = decoupledPpoTokenLoss(logpNewT[t], logpProxT[t], logpMuT[t], advantage, useRef ? logpRefT![t] : undefined, o);
      lossSum += term.loss;
      if (term.clipped) clippedCount++;
      weightSum += term.weight;
      if (term.weight > weightMax) weightMax = term.weight;
      tokens++;
    }
  }
  if (tokens === 0) return { loss: 0, clipFraction: 0, importanceWeightMean: 0, importanceWeightMax: 0, tokens: 0 };
  return {
    loss: lossSum / tokens,
    clipFraction: clippedCount / tokens,
    importanceWeightMean: weightSum / tokens,
    importanceWeightMax: weightMax,
    tokens,
  };
}
