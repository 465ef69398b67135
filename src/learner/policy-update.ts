// The decoupled PPO update on one batch: one version of the policy. pi_prox is
// the trainer's policy before the update; each token's advantage carries the
// truncated importance weight min(pi_prox / mu, c); `miniBatches` optimizer
// steps, each a token mean over its sequences. Every number it reports (clip
// fraction, importance weights, mismatch) comes from src/rl, the same for
// every backend. When to take a batch and what to do with the result is
// rl-step.ts's.
import type { LossOptions, PolicyGradientSequence, StepStats, Trainer, TrainSequence } from '../engines/types.ts';
import { checkLossOptions, decoupledPpoTokenLoss, truncatedImportanceWeight } from '../rl/loss.ts';
import { mismatchStats } from '../rl/mismatch.ts';
import { TribunalError } from '../core/errors.ts';

export interface PolicyUpdateResult extends StepStats {
  /** log pi_prox of every sequence: what the update's ratios and weights were taken against. */
  proxT: Float32Array[];
  /** Spent taking pi_prox (and pi_ref) before the first mini-batch, ms (0 when all of it came from that mini-batch's own pass). */
  proxMs: number;
  /** Spent in forward/backward and optimizer steps, ms. */
  updateMs: number;
}

/**
 * One version: bumps the trainer's version by one. `prox` is pi_prox when the
 * caller took it already. Otherwise it is taken here: from logprobs, or, on a
 * trainer that fuses it, from the first mini-batch's own forward pass (the
 * weights that pass runs on are the policy before the update), so only the
 * later mini-batches need a logprobs pass of their own.
 */
export async function policyUpdate(trainer: Trainer, batch: TrainSequence[], loss: LossOptions, miniBatches: number, prox?: Float32Array[]): Promise<PolicyUpdateResult> {
  const opts = checkLossOptions(loss);
  if (batch.length === 0) throw new TribunalError('BAD_MESSAGE', 'update on an empty batch');
  batch.forEach((s, i) => {
    if (s.behaviourLogprobsT.length !== s.tokensT.length) {
      throw new TribunalError('BAD_MESSAGE', `sequence ${i}: ${s.tokensT.length} tokens but ${s.behaviourLogprobsT.length} behaviour logprobs`);
    }
  });
  if (prox && prox.length !== batch.length) throw new TribunalError('INTERNAL', `pi_prox of ${prox.length} sequences for a batch of ${batch.length}`);
  const chunks = Math.max(1, Math.min(miniBatches, batch.length));
  const per = Math.ceil(batch.length / chunks);
  const fuseFirst = !prox && trainer.fusesProx === true;

  const tProx = performance.now();
  // pi_prox (and pi_ref for the KL term): the policy before this update, no gradient.
  const proxT: (Float32Array | undefined)[] = prox ? [...prox]
    : fuseFirst ? [...new Array<undefined>(per), ...(per < batch.length ? await trainer.logprobs(batch.slice(per)) : [])]
    : await trainer.logprobs(batch);
  const refT = opts.klBeta > 0 ? await trainer.logprobs(batch, { reference: true }) : undefined;
  const proxMs = performance.now() - tProx;

  const tUpdate = performance.now();
  let lossSum = 0, normSum = 0, steps = 0, skipped = 0;
  let tokens = 0, clipped = 0, weightSum = 0, weightMax = 0;
  for (let start = 0; start < batch.length; start += per) {
    const mb = batch.slice(start, start + per);
    const normalizer = mb.reduce((n, s) => n + s.tokensT.length, 0);
    const common = { clipLow: opts.clipLow, clipHigh: opts.clipHigh, klBeta: opts.klBeta, normalizer, thenStep: true };
    const fused = fuseFirst && start === 0;
    const fb = fused
      ? await trainer.forwardBackward({
        kind: 'ppo-fused-prox', importanceCap: opts.importanceCap, ...common,
        seqs: mb.map((s, k) => ({ promptTokens: s.promptTokens, tokensT: s.tokensT, behaviourLogprobsT: s.behaviourLogprobsT, advantage: s.advantage, logpRefT: refT?.[k] })),
      })
      : await trainer.forwardBackward({ kind: 'ppo', ...common, seqs: mb.map((s, k) => weightedSequence(s, proxT[start + k]!, refT?.[start + k], opts.importanceCap)) });
    // The fused pass ran on the weights before the update: its logprobs are pi_prox.
    if (fused) fb.logpNewT.forEach((lp, k) => { proxT[k] = lp; });
    const step = fb.step ?? await trainer.optimStep();
    // Clip and weight statistics at the logprobs this forward pass saw (src/rl is the reference).
    mb.forEach((s, k) => {
      for (let t = 0; t < s.tokensT.length; t++) {
        const term = decoupledPpoTokenLoss(fb.logpNewT[k][t], proxT[start + k]![t], s.behaviourLogprobsT[t], s.advantage, refT?.[start + k]?.[t], opts);
        if (term.clipped) clipped++;
        weightSum += term.weight;
        weightMax = Math.max(weightMax, term.weight);
        tokens++;
      }
    });
    lossSum += fb.loss;
    normSum += step.gradNorm;
    steps += 1;
    if (!step.applied) skipped += 1;
  }
  trainer.setVersion(trainer.version + 1);
  const proxAll = proxT as Float32Array[];
  return {
    loss: lossSum / steps,
    applied: skipped === 0,
    skippedSteps: skipped,
    miniBatchSteps: steps,
    gradNorm: normSum / steps,
    clipFraction: tokens > 0 ? clipped / tokens : 0,
    importanceWeightMean: tokens > 0 ? weightSum / tokens : 0,
    importanceWeightMax: weightMax,
    mismatch: mismatchStats(proxAll, batch.map((s) => s.behaviourLogprobsT)).meanAbsLogDiff,
    tokens,
    proxT: proxAll,
    proxMs,
    updateMs: performance.now() - tUpdate,
  };
}

/** A sequence of the policy-gradient loss: each token's advantage times its truncated importance weight. */
function weightedSequence(s: TrainSequence, logpProxT: Float32Array, logpRefT: Float32Array | undefined, importanceCap: number): PolicyGradientSequence {
  return {
    promptTokens: s.promptTokens, tokensT: s.tokensT, logpProxT, logpRefT,
    // A = 0 stays 0 even under an uncapped (Infinity) weight.
    advantagesT: Float32Array.from(logpProxT, (p, t) => (s.advantage === 0 ? 0 : s.advantage * truncatedImportanceWeight(p, s.behaviourLogprobsT[t], importanceCap))),
  };
}
