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
import type { Trainer, TrainSequence } from '../engines/types.ts';
import { trainerEngine, type ExperimentConfig } from '../config/schema.ts';
import type { JsonlWriter } from '../core/jsonl-writer.ts';
import type { LearnerState } from './checkpoint.ts';
import { publishWeights } from '../runtime/weights.ts';
import { groupAdvantages } from '../rl/advantages.ts';
import { isStale, stalenessHistogram } from '../rl/staleness.ts';
import { policyUpdate } from './policy-update.ts';
import { stepTimeline } from './pipeline-timeline.ts';
import type { StepSignals } from '../monitor/gold-free-watch.ts';
import { stepSignals } from '../monitor/step-signals.ts';
import { oneLine, TribunalError } from '../core/errors.ts';

export interface PendingGroup { group: ScoredGroup; item: WorkItem; /** Epoch ms the learner got it. */ receivedAtMs: number }

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
  /** Publications in order, each after the one before; the learner trains on meanwhile. */
  private publishing: Promise<void> = Promise.resolve();
  private publishFailure: unknown = undefined;
  private acking: Promise<void> = Promise.resolve();
  /** Export to scheduler-knows-it of the latest publication that finished, ms. */
  private lastPublishedAfterMs: number | null = null;

  constructor(
    private readonly ctx: ActorContext,
    private readonly trainer: Trainer,
    private readonly state: LearnerState,
    private readonly metrics: JsonlWriter,
    /** More fields for each metrics row (the learner's gold on training samples). */
    private readonly extraMetrics: () => Record<string, unknown> = () => ({}),
    /** Whether the step about to be made (its number) should measure KL to the initial policy (an eval round follows it). */
    private readonly klWanted: (step: number) => boolean = () => false,
  ) {}

  /** KL(pi || pi_init) the last step measured (null when it did not). */
  lastKlToInit: number | null = null;
  /** What the last step measured that needs no gold (for the gold-free warnings). */
  lastSignals: StepSignals | null = null;

  /** Steps on `needed` groups of the buffer once that many fresh ones are there; waits (trained: false) otherwise. */
  async run(buffer: PendingGroup[], needed: number): Promise<StepOutcome> {
    const { cfg, scheduler, actorId, counters, log } = this.ctx;
    const { state, trainer } = this;
    const waiting = { trained: false, consumed: 0, rewardMean: 0 };
    this.throwIfPublishFailed();
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
    // Oldest versions first (stable): a group overtaken on its way here is taken
    // before it can grow stale, not left for a later step that must drop it.
    buffer.sort((a, b) => a.group.version - b.group.version);
    const batch = buffer.splice(0, needed);
    const t0 = performance.now();
    const atMs = Date.now();
    const staleness = stalenessHistogram(batch.map((p) => state.version - p.group.version));

    // 2. Commit before training: the ledger consumes each prompt once, so it
    //    refuses a prompt whose other attempt was trained on already. Two
    //    attempts of one prompt in this batch: only the first is offered.
    //    Meanwhile the trainer takes pi_prox of every offered group: it changes
    //    nothing, and the commit's round trip is then off the critical path
    //    (a trainer that takes pi_prox from the update's own first pass needs none).
    const offered = new Set<string>();
    const firsts = batch.map((p) => p.group).filter((g) => !offered.has(g.promptId) && Boolean(offered.add(g.promptId)));
    // 3. GRPO advantages: each completion's reward against its own group.
    const seqsByGroup: TrainSequence[][] = firsts.map((g) => {
      const advantagesG = groupAdvantages(g.rewardsG);
      return g.completionsG.map((c, i) => ({ promptTokens: g.promptTokens, tokensT: c.tokensT, behaviourLogprobsT: c.logprobsT, advantage: advantagesG[i] }));
    });
    const tTrain = performance.now();
    const proxP = trainer.fusesProx ? null : trainer.logprobs(seqsByGroup.flat());
    proxP?.catch(() => {}); // awaited below, or moot when the commit fails
    const commit = await scheduler.commit({ actorId, version: state.version + 1, items: firsts.map(ref) });
    const commitMs = performance.now() - t0;
    const accepted = new Set(commit.consumed);
    const kept = firsts.map((g) => accepted.has(g.promptId));
    const groups = firsts.filter((_, i) => kept[i]);
    const duplicates = batch.length - groups.length;
    counters.inc('groups_duplicate', duplicates);
    const proxAll = await proxP;
    if (groups.length === 0) {
      await Promise.all(batch.map((p) => p.item.ack()));
      return waiting;
    }
    const seqs: TrainSequence[] = [];
    const proxT: Float32Array[] = [];
    let at = 0;
    seqsByGroup.forEach((gs, i) => {
      if (kept[i]) { seqs.push(...gs); if (proxAll) proxT.push(...proxAll.slice(at, at + gs.length)); }
      at += gs.length;
    });

    // 4. Train: the decoupled PPO update, one version.
    const stats = await policyUpdate(trainer, seqs, cfg.rl, cfg.rl.miniBatches, proxAll ? proxT : undefined);
    // KL to the initial policy, for the gold-peak forecast of the round that follows this step:
    // per sequence the sum over tokens of log pi - log pi_init (pi: the policy that started the step, pi_prox).
    this.lastKlToInit = this.klWanted(state.step + 1) ? klPerSequence(stats.proxT, await trainer.logprobs(seqs, { reference: true })) : null;
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
    // Committed and trained: the groups may go. The acks are I/O the next step
    // need not wait for (one lost is a redelivery the ledger refuses as a duplicate).
    this.acking = Promise.all([this.acking, ...batch.map((p) => p.item.ack().catch((e: unknown) => log.warn('acking a trained group failed; it may be redelivered (and refused as a duplicate)', { reason: oneLine(e) })))]).then(() => {});

    // 5. Publish the new weights; rollouts pick them up between groups, and
    //    admission opens the next batch once the scheduler knows they are out.
    //    The export is taken now (the next step changes the weights); sending
    //    it is I/O the learner does not wait for: it goes on to its next step.
    const tExport = performance.now();
    const weights = await trainer.exportWeights();
    const exportMs = performance.now() - tExport;
    this.publish(state.version, weights);

    // 6. Metrics: one row per step in metrics.jsonl.
    const now = performance.now();
    const sampledTokens = groups.reduce((n, g) => n + g.completionsG.reduce((m, c) => m + c.tokensT.length, 0), 0);
    this.lastSignals = stepSignals(state.step, groups);
    const { step: _step, proxy: rewardMean, ...signals } = this.lastSignals;
    await this.metrics.write({
      step: state.step, version: state.version, rewardMean, staleness, duplicates, groups: groups.length,
      loss: stats.loss, applied: stats.applied, gradNorm: stats.gradNorm, clipFraction: stats.clipFraction,
      importanceWeightMean: stats.importanceWeightMean, importanceWeightMax: stats.importanceWeightMax,
      mismatch: stats.mismatch, trainTokens: stats.tokens, trainTokensPerS: stats.tokens / (trainMs / 1000),
      sampledTokens, stepMs,
      // Throughput of the whole pipeline as the learner sees it: sampled tokens consumed per second of wall time.
      sampledTokensPerS: sampledTokens / ((now - this.lastStepAt) / 1000),
      droppedStale: this.droppedSinceStep, skippedStepsTotal: counters.get('steps_skipped_nonfinite'),
      signals, klToInit: this.lastKlToInit,
      timeline: stepTimeline(atMs, { waitMs: t0 - this.lastStepAt, commitMs, trainMs, proxMs: stats.proxMs, updateMs: stats.updateMs, exportMs, publishedAfterMs: this.lastPublishedAfterMs }, batch.map((p) => ({ ...p.group, receivedAtMs: p.receivedAtMs }))),
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

  /** Resolves once every version trained so far is published (the scheduler knows it) and its groups acked; throws what failed. */
  async flushPublished(): Promise<void> {
    await Promise.all([this.publishing, this.acking]);
    this.throwIfPublishFailed();
  }

  private publish(version: number, weights: Awaited<ReturnType<Trainer['exportWeights']>>): void {
    const { bus, subjects, scheduler, actorId } = this.ctx;
    const t0 = performance.now();
    this.publishing = this.publishing.then(async () => {
      if (this.publishFailure !== undefined) return;
      await publishWeights(bus, subjects, version, weights);
      await scheduler.reportPublished({ actorId, version });
      this.lastPublishedAfterMs = performance.now() - t0;
    }).catch((e: unknown) => { this.publishFailure ??= e; });
  }

  /** A publication that failed ends the learner (it restarts and publishes again from its checkpoint). */
  private throwIfPublishFailed(): void {
    if (this.publishFailure !== undefined) throw new TribunalError('UNAVAILABLE', `publishing weights failed: ${oneLine(this.publishFailure)}`, { cause: this.publishFailure });
  }
}

/** Mean over sequences of sum_t (log p - log q): a sampled estimate of KL(p || q) in nats per sequence. */
export function klPerSequence(logpT: readonly Float32Array[], logqT: readonly Float32Array[]): number {
  if (logpT.length === 0) return 0;
  let total = 0;
  logpT.forEach((p, i) => { for (let t = 0; t < p.length; t++) total += p[t] - logqT[i][t]; });
  return total / logpT.length;
}
