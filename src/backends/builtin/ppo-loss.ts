// The policy-gradient loss of a forwardBackward as tfjs ops, differentiable in
// logpNew only. Same spec as the pure reference (src/rl/loss.ts), with the
// truncated importance weight already folded into each token's advantage by
// the learner (src/learner/rl-step.ts):
//   ratio = exp(logpNew - logpProx)
//   surr  = min(ratio * A_t, clip(ratio, 1 - clipLow, 1 + clipHigh) * A_t)
//   token loss = -surr  (+ klBeta * k3(ref || new) when klBeta > 0)
//   loss  = sum over completion tokens (mask) / normalizer.
import * as tf from '@tensorflow/tfjs';

export interface PpoLossInputs {
  /** Log pi_theta of each token, [B, L] (carries the gradient). */
  logpNew: tf.Tensor2D;
  logpProx: tf.Tensor2D;
  /** Advantage per token, the importance weight folded in, [B, L]. */
  advantages: tf.Tensor2D;
  /** 1 on completion tokens, 0 on prompt and pad, [B, L]. */
  mask: tf.Tensor2D;
  /** Log pi_ref, needed only when klBeta > 0. */
  logpRef?: tf.Tensor2D;
}

export interface PpoLossOptions {
  clipLow: number;
  clipHigh: number;
  klBeta: number;
  /** Divides the summed token losses (the mini-batch's token count). */
  normalizer: number;
}

/** Scalar loss, and the count of tokens where the clipped branch was the minimum (cross-checked against src/rl in the tests). */
export function ppoLossTf(x: PpoLossInputs, opts: PpoLossOptions): { loss: tf.Scalar; clipped: tf.Scalar } {
  const ratio = tf.exp(tf.sub(x.logpNew, x.logpProx));
  const unclipped = tf.mul(ratio, x.advantages);
  const clippedSurr = tf.mul(tf.clipByValue(ratio, 1 - opts.clipLow, 1 + opts.clipHigh), x.advantages);
  // A = 0 gives surrogate 0 even if ratio overflowed (Infinity * 0 would be NaN).
  const surr = tf.where(tf.equal(x.advantages, 0), tf.zerosLike(ratio), tf.minimum(unclipped, clippedSurr));
  let tokenLoss = tf.neg(surr);
  if (opts.klBeta > 0) {
    if (!x.logpRef) throw new Error('ppoLossTf: klBeta > 0 needs logpRef');
    // k3 estimator of KL(new || ref) on sampled tokens: exp(d) - d - 1, d = ref - new.
    const d = tf.sub(x.logpRef, x.logpNew);
    tokenLoss = tf.add(tokenLoss, tf.mul(tf.sub(tf.sub(tf.exp(d), d), 1), opts.klBeta));
  }
  // where(), not multiply: a NaN on a masked-out pad must not leak into the sum.
  const masked = tf.where(tf.greater(x.mask, 0), tokenLoss, tf.zerosLike(tokenLoss));
  const loss = tf.div(tf.sum(masked), Math.max(opts.normalizer, 1)) as tf.Scalar;
  const clipped = tf.sum(tf.mul(tf.cast(tf.less(clippedSurr, unclipped), 'float32'), x.mask)) as tf.Scalar;
  return { loss, clipped };
}
