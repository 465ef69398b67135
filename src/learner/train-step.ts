// One learner step, apart from the actor loop: stale groups are released for
// re-sampling, the rest committed to the ledger (it refuses duplicates), and
// only what the ledger accepted is trained on. Returns the metrics row.
import type { ActorContext } from '../runtime/context.ts';
import type { Trainer } from '../engines/types.ts';
import type { ScoredGroup } from '../wire/messages.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import type { LearnerState } from './checkpoint.ts';
import { meanReward, splitStale, toTrainSequences } from './train-batch.ts';
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

export async function trainStep(args: { ctx: ActorContext; trainer: Trainer; state: LearnerState; batch: ScoredGroup[] }): Promise<StepResult> {
  const { ctx, trainer, state, batch } = args;
  const { cfg, scheduler, actorId } = ctx;
  const t0 = performance.now();
  // Groups from a "future" version were sampled by a branch lost in a learner restart.
  const { fresh: inBound, stale } = splitStale(batch, state.version, cfg.rl.eta);
  const future = inBound.filter((g) => g.version > state.version);
  const fresh = inBound.filter((g) => g.version <= state.version);
  const dropped = [...stale, ...future];
  if (dropped.length) {
    await scheduler.release({ actorId, items: dropped.map(ref), reason: 'stale' });
    ctx.counters.inc('groups_dropped_stale', dropped.length);
  }
  const metrics = {
    step: state.step, version: state.version, rewardMean: meanReward(fresh),
    staleness: stalenessHistogram(batch.map((g) => state.version - g.version)),
    droppedStale: dropped.length, duplicates: 0, groups: 0,
  } as StepResult['metrics'];
  if (fresh.length === 0) return { trained: false, consumed: 0, metrics };

  // Two attempts of one prompt in one batch: only the first is offered to the ledger.
  const offered = new Set<string>();
  const firsts = fresh.filter((g) => !offered.has(g.promptId) && Boolean(offered.add(g.promptId)));
  const commit = await scheduler.commit({ actorId, version: state.version + 1, items: firsts.map(ref) });
  const accepted = new Set(commit.consumed);
  const groups = firsts.filter((g) => accepted.has(g.promptId));
  const duplicates = fresh.length - groups.length;
  metrics.duplicates = duplicates;
  ctx.counters.inc('groups_duplicate', duplicates);
  if (groups.length === 0) return { trained: false, consumed: 0, metrics };

  const seqs = toTrainSequences(groups);
  const tTrain = performance.now();
  const stats = await trainer.update(seqs, cfg.rl, cfg.rl.miniBatches);
  const trainMs = performance.now() - tTrain;
  if (!stats.applied) ctx.counters.inc('steps_skipped_nonfinite');
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
