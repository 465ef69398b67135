// One learner step, top to bottom: the RL algorithm on one screen. Scored
// groups wait in a buffer; a step drops the stale ones (re-issued by the
// scheduler), commits the batch to the ledger (which refuses duplicates) before
// training on it, turns rewards into GRPO advantages, runs the decoupled-PPO
// update, publishes the new weights and writes its metrics row. The Trainer
// only computes (logprobs, forward/backward, optimizer step); every number the
// update needs or reports (importance weights, clip fraction, mismatch) comes
// from src/rl here, the same for every backend. When to evaluate, checkpoint
// or stop is the learner actor's loop.
import type { ActorContext } from '../runtime/context.ts';
import type { WorkItem } from '../bus/bus.ts';
import type { ScoredGroup } from '../wire/messages.ts';
import type { LossOptions, PolicyGradientSequence, StepStats, Trainer, TrainSequence } from '../engines/types.ts';
import { trainerEngine, type ExperimentConfig } from '../config/schema.ts';
import type { JsonlWriter } from '../core/jsonl-writer.ts';
import type { LearnerState } from './checkpoint.ts';
import { publishWeights } from '../runtime/weights.ts';
import { groupAdvantages } from '../rl/advantages.ts';
import { isStale, stalenessHistogram } from '../rl/staleness.ts';
import { checkLossOptions, decoupledPpoTokenLoss, truncatedImportanceWeight } from '../rl/loss.ts';
import { mismatchStats } from '../rl/mismatch.ts';
import { TribunalError } from '../core/errors.ts';

export interface PendingGroup { group: ScoredGroup; item: WorkItem }

export interface StepOutcome {
  /** True when the step trained and published a new version. */
  trained: boolean;
  /** Prompts whose effect this step added to the weights. */
  consumed: number;
  /** Mean reward of the groups trained on (0 when none). */
  rewardMean: number;
}

/** The settings a checkpoint is only valid for. */
export function learnerFingerprint(cfg: ExperimentConfig): string {
  return JSON.stringify({ run: cfg.run.id, steps: cfg.run.steps, B: cfg.rl.promptsPerStep, engine: trainerEngine(cfg) });
}

const ref = (g: ScoredGroup) => ({ promptId: g.promptId, attempt: g.attempt });

/** Steps in a row with no update applied before the learner gives up on its weights (and restarts from its checkpoint). */
const MAX_UNTRAINED_STEPS = 3;

export class RlStep {
  private droppedSinceStep = 0;
  private untrainedInARow = 0;
  private lastStepAt = performance.now();

  constructor(
    private readonly ctx: ActorContext,
    private readonly trainer: Trainer,
    private readonly state: LearnerState,
    private readonly metrics: JsonlWriter,
    /** More fields for each metrics row (the learner's gold on training samples). */
    private readonly extraMetrics: () => Record<string, unknown> = () => ({}),
  ) {}

  /** Steps on `needed` groups of the buffer once that many fresh ones are there; waits (trained: false) otherwise. */
  async run(buffer: PendingGroup[], needed: number): Promise<StepOutcome> {
    const { cfg, scheduler, actorId, counters, log } = this.ctx;
    const { state, trainer } = this;
    const waiting = { trained: false, consumed: 0, rewardMean: 0 };
    if (needed <= 0 || buffer.length < needed) return waiting;

    // 1. Staleness. Groups more than eta versions old, or from a "future" sampled
    //    by a branch lost when the learner resumed from an older checkpoint, are
    //    released to the scheduler for re-sampling.
    const pending = buffer.splice(0, buffer.length);
    const isDropped = (p: PendingGroup) => p.group.version > state.version || isStale(p.group.version, state.version, cfg.rl.eta);
    const dropped = pending.filter(isDropped);
    buffer.push(...pending.filter((p) => !isDropped(p)));
    if (dropped.length) {
      await scheduler.release({ actorId, items: dropped.map((p) => ref(p.group)), reason: 'stale' });
      counters.inc('groups_dropped_stale', dropped.length);
      await Promise.all(dropped.map((p) => p.item.ack()));
      this.droppedSinceStep += dropped.length;
    }
    if (buffer.length < needed) return waiting;
    const batch = buffer.splice(0, needed);
    const t0 = performance.now();
    const staleness = stalenessHistogram(batch.map((p) => state.version - p.group.version));

    // 2. Commit before training: the ledger consumes each prompt once, so it
    //    refuses a prompt whose other attempt was trained on already. Two
    //    attempts of one prompt in this batch: only the first is offered.
    const offered = new Set<string>();
    const firsts = batch.map((p) => p.group).filter((g) => !offered.has(g.promptId) && Boolean(offered.add(g.promptId)));
    const commit = await scheduler.commit({ actorId, version: state.version + 1, items: firsts.map(ref) });
    const accepted = new Set(commit.consumed);
    const groups = firsts.filter((g) => accepted.has(g.promptId));
    const duplicates = batch.length - groups.length;
    counters.inc('groups_duplicate', duplicates);
    if (groups.length === 0) {
      await Promise.all(batch.map((p) => p.item.ack()));
      return waiting;
    }

    // 3. GRPO advantages: each completion's reward against its own group.
    const seqs: TrainSequence[] = groups.flatMap((g) => {
      const advantagesG = groupAdvantages(g.rewardsG);
      return g.completionsG.map((c, i) => ({ promptTokens: g.promptTokens, tokensT: c.tokensT, behaviourLogprobsT: c.logprobsT, advantage: advantagesG[i] }));
    });

    // 4. Train: the decoupled PPO update, one version.
    const tTrain = performance.now();
    const stats = await policyUpdate(trainer, seqs, cfg.rl, cfg.rl.miniBatches);
    const trainMs = performance.now() - tTrain;
    if (!stats.applied) {
      counters.inc('steps_skipped_nonfinite');
      log.warn('a non-finite loss or gradient: the optimizer step was skipped', { step: state.step + 1, loss: stats.loss, gradNorm: stats.gradNorm, skipped: stats.skippedSteps, of: stats.miniBatchSteps });
    }
    if (stats.skippedSteps === stats.miniBatchSteps) {
      // Nothing of this batch reached the weights: its prompts were not
      // trained. The commit is undone (the clock goes back, they go back to
      // pending and are sampled again) and no version is made of it.
      trainer.setVersion(state.version);
      const { reissued } = await scheduler.restore({ version: state.version });
      counters.inc('groups_untrained', groups.length);
      await Promise.all(batch.map((p) => p.item.ack()));
      log.warn('no update of the step was applied: its prompts go back to be sampled again', { version: state.version, reissued });
      if (++this.untrainedInARow >= MAX_UNTRAINED_STEPS) {
        throw new TribunalError('ENGINE', `${this.untrainedInARow} steps in a row had a non-finite loss or gradient on every mini-batch: the weights are presumed broken`);
      }
      return waiting;
    }
    this.untrainedInARow = 0;
    for (const g of groups) state.trainedCounts[g.promptId] = (state.trainedCounts[g.promptId] ?? 0) + 1;
    state.version = trainer.version;
    state.step += 1;
    const stepMs = performance.now() - t0;
    await Promise.all(batch.map((p) => p.item.ack()));

    // 5. Publish the new weights; rollouts pick them up between groups.
    const weights = await trainer.exportWeights();
    await publishWeights(this.ctx.bus, this.ctx.subjects, state.version, weights);

    // 6. Metrics: one row per step in metrics.jsonl.
    const now = performance.now();
    const sampledTokens = groups.reduce((n, g) => n + g.completionsG.reduce((m, c) => m + c.tokensT.length, 0), 0);
    const rewardMean = meanReward(groups);
    await this.metrics.write({
      step: state.step, version: state.version, rewardMean, staleness, duplicates, groups: groups.length,
      loss: stats.loss, applied: stats.applied, gradNorm: stats.gradNorm, clipFraction: stats.clipFraction,
      importanceWeightMean: stats.importanceWeightMean, importanceWeightMax: stats.importanceWeightMax,
      mismatch: stats.mismatch, trainTokens: stats.tokens, trainTokensPerS: stats.tokens / (trainMs / 1000),
      sampledTokens, stepMs,
      // Throughput of the whole pipeline as the learner sees it: sampled tokens consumed per second of wall time.
      sampledTokensPerS: sampledTokens / ((now - this.lastStepAt) / 1000),
      droppedStale: this.droppedSinceStep, skippedStepsTotal: counters.get('steps_skipped_nonfinite'),
      ...this.extraMetrics(),
    });
    counters.observe('learner_step', stepMs / 1000);
    counters.observe('train', trainMs / 1000);
    counters.gauge('policy_version', state.version);
    counters.gauge('batch_staleness_mean', batch.reduce((n, p) => n + (state.version - 1 - p.group.version), 0) / batch.length);
    counters.gauge('learner_buffered_groups', buffer.length);
    // Of the time since the last step ended, the share not spent in this step: the learner waiting for groups.
    // (busy: from the batch taken to now, publishing and metrics included)
    const busyMs = now - t0;
    counters.gauge('learner_idle_fraction', Math.max(0, 1 - busyMs / Math.max(busyMs, now - this.lastStepAt)));
    this.lastStepAt = now;
    this.droppedSinceStep = 0;
    return { trained: true, consumed: groups.length, rewardMean };
  }
}

/**
 * The decoupled PPO update on a batch, one version: pi_prox is the trainer's
 * policy before the update; each token's advantage carries the truncated
 * importance weight min(pi_prox / mu, c); `miniBatches` optimizer steps, each
 * a token mean over its sequences. Bumps the trainer's version by one.
 */
export async function policyUpdate(trainer: Trainer, batch: TrainSequence[], loss: LossOptions, miniBatches: number): Promise<StepStats> {
  const opts = checkLossOptions(loss);
  if (batch.length === 0) throw new TribunalError('BAD_MESSAGE', 'update on an empty batch');
  batch.forEach((s, i) => {
    if (s.behaviourLogprobsT.length !== s.tokensT.length) {
      throw new TribunalError('BAD_MESSAGE', `sequence ${i}: ${s.tokensT.length} tokens but ${s.behaviourLogprobsT.length} behaviour logprobs`);
    }
  });
  // pi_prox (and pi_ref for the KL term): the policy before this update, no gradient.
  const proxT = await trainer.logprobs(batch);
  const refT = opts.klBeta > 0 ? await trainer.logprobs(batch, { reference: true }) : undefined;
  const mismatch = mismatchStats(proxT, batch.map((s) => s.behaviourLogprobsT));
  const seqs: PolicyGradientSequence[] = batch.map((s, i) => ({
    promptTokens: s.promptTokens, tokensT: s.tokensT, logpProxT: proxT[i], logpRefT: refT?.[i],
    // A = 0 stays 0 even under an uncapped (Infinity) weight.
    advantagesT: Float32Array.from(proxT[i], (p, t) => (s.advantage === 0 ? 0 : s.advantage * truncatedImportanceWeight(p, s.behaviourLogprobsT[t], opts.importanceCap))),
  }));

  const chunks = Math.max(1, Math.min(miniBatches, batch.length));
  const per = Math.ceil(batch.length / chunks);
  let lossSum = 0, normSum = 0, steps = 0, skipped = 0;
  let tokens = 0, clipped = 0, weightSum = 0, weightMax = 0;
  for (let start = 0; start < batch.length; start += per) {
    const mb = seqs.slice(start, start + per);
    const normalizer = mb.reduce((n, s) => n + s.tokensT.length, 0);
    const fb = await trainer.forwardBackward({ kind: 'ppo', seqs: mb, clipLow: opts.clipLow, clipHigh: opts.clipHigh, klBeta: opts.klBeta, normalizer, thenStep: true });
    const step = fb.step ?? await trainer.optimStep();
    // Clip and weight statistics at the logprobs this forward pass saw (src/rl is the reference).
    mb.forEach((s, k) => {
      const src = batch[start + k];
      for (let t = 0; t < s.tokensT.length; t++) {
        const term = decoupledPpoTokenLoss(fb.logpNewT[k][t], s.logpProxT[t], src.behaviourLogprobsT[t], src.advantage, s.logpRefT?.[t], opts);
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
  return {
    loss: lossSum / steps,
    applied: skipped === 0,
    skippedSteps: skipped,
    miniBatchSteps: steps,
    gradNorm: normSum / steps,
    clipFraction: tokens > 0 ? clipped / tokens : 0,
    importanceWeightMean: tokens > 0 ? weightSum / tokens : 0,
    importanceWeightMax: weightMax,
    mismatch: mismatch.meanAbsLogDiff,
    tokens,
  };
}

function meanReward(groups: ScoredGroup[]): number {
  let sum = 0;
  let n = 0;
  for (const g of groups) for (const r of g.rewardsG) { sum += r; n++; }
  return n ? sum / n : 0;
}
