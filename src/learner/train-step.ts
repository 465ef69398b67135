// One learner step, apart from the actor loop: stale groups are released for
// re-sampling (releaseStale), a batch is committed to the ledger (it refuses
// duplicates), and only what the ledger accepted is trained on.
import type { ActorContext } from '../runtime/context.ts';
import type { Trainer } from '../engines/types.ts';
import type { ScoredGroup } from '../wire/messages.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import type { LearnerState } from './checkpoint.ts';
import { meanReward, toTrainSequences } from './train-batch.ts';
import { isStale } from '../rl/staleness.ts';
import { stalenessHistogram } from '../rl/staleness.ts';

export interface StepResult {
  trained: boolean;
  consumed: number;
  metrics: Record<string, unknown> & { rewardMean: number };
}

export function learnerFingerprint(cfg: ExperimentConfig): string {
  return JSON.stringify({ run: cfg.run.id, steps: cfg.run.steps, B: cfg.rl.promptsPerStep, engine: cfg.engines.policy });
}

const ref = (g: ScoredGroup) => ({ promptId: g.promptId, attempt: g.attempt });

/**
 * Splits buffered groups into those the learner may train on and those it
 * must drop: older than eta versions, or from a "future" version sampled by a
 * branch lost when the learner resumed from an older checkpoint. Dropped
 * prompts are released to the scheduler for re-sampling.
 */
export async function releaseStale<T extends { group: ScoredGroup }>(ctx: ActorContext, pending: T[], learnerVersion: number): Promise<{ keep: T[]; dropped: T[] }> {
  const keep: T[] = [];
  const dropped: T[] = [];
  for (const p of pending) {
    const v = p.group.version;
    (v > learnerVersion || isStale(v, learnerVersion, ctx.cfg.rl.eta) ? dropped : keep).push(p);
  }
  if (dropped.length) {
    await ctx.scheduler.release({ actorId: ctx.actorId, items: dropped.map((p) => ref(p.group)), reason: 'stale' });
    ctx.counters.inc('groups_dropped_stale', dropped.length);
  }
  return { keep, dropped };
}

export async function trainStep(args: { ctx: ActorContext; trainer: Trainer; state: LearnerState; batch: ScoredGroup[] }): Promise<StepResult> {
  const { ctx, trainer, state, batch } = args;
  const { cfg, scheduler, actorId } = ctx;
  const t0 = performance.now();
  const metrics = {
    step: state.step, version: state.version, rewardMean: meanReward(batch),
    staleness: stalenessHistogram(batch.map((g) => state.version - g.version)), duplicates: 0, groups: 0,
  } as StepResult['metrics'];
  if (batch.length === 0) return { trained: false, consumed: 0, metrics };

  // Two attempts of one prompt in one batch: only the first is offered to the ledger.
  const offered = new Set<string>();
  const firsts = batch.filter((g) => !offered.has(g.promptId) && Boolean(offered.add(g.promptId)));
  const commit = await scheduler.commit({ actorId, version: state.version + 1, items: firsts.map(ref) });
  const accepted = new Set(commit.consumed);
  const groups = firsts.filter((g) => accepted.has(g.promptId));
  const duplicates = batch.length - groups.length;
  metrics.duplicates = duplicates;
  ctx.counters.inc('groups_duplicate', duplicates);
  if (groups.length === 0) return { trained: false, consumed: 0, metrics };

  const seqs = toTrainSequences(groups);
  const tTrain = performance.now();
  const stats = await trainer.update(seqs, cfg.rl, cfg.rl.miniBatches);
  const trainMs = performance.now() - tTrain;
  if (!stats.applied) {
    ctx.counters.inc('steps_skipped_nonfinite');
    ctx.log.warn('a non-finite loss or gradient: the optimizer step was skipped', { step: state.step + 1, loss: stats.loss, gradNorm: stats.gradNorm });
  }
  for (const g of groups) state.trainedCounts[g.promptId] = (state.trainedCounts[g.promptId] ?? 0) + 1;
  state.version = trainer.version;
  state.step += 1;
  const sampledTokens = groups.reduce((n, g) => n + g.completionsG.reduce((m, c) => m + c.tokensT.length, 0), 0);
  Object.assign(metrics, {
    step: state.step, version: state.version, rewardMean: meanReward(groups), groups: groups.length,
    loss: stats.loss, applied: stats.applied, gradNorm: stats.gradNorm, clipFraction: stats.clipFraction,
    importanceWeightMean: stats.importanceWeightMean, importanceWeightMax: stats.importanceWeightMax,
    mismatch: stats.mismatch, trainTokens: stats.tokens, trainTokensPerS: stats.tokens / (trainMs / 1000),
    sampledTokens, stepMs: performance.now() - t0,
  });
  return { trained: true, consumed: groups.length, metrics };
}
