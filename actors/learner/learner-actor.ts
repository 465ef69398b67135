// Learner actor: gathers B scored groups, drops the stale ones (re-issued),
// commits the rest to the scheduler's ledger (duplicates are refused there),
// trains on what was committed, publishes the new weights, acks, and
// checkpoints. On start it resumes from its last checkpoint and has the
// scheduler re-issue whatever was consumed after it: effects land once.
// Every evalEvery steps it asks for an eval round; the hacking monitor may
// end training early, and the checkpoint at the gold peak is kept.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { ActorContext } from '../../src/runtime/context.ts';
import type { WorkItem } from '../../src/bus/bus.ts';
import { ScoredGroup } from '../../src/wire/messages.ts';
import { createTrainer } from '../../src/engines/registry.ts';
import { consumeChecked } from '../../src/runtime/consume.ts';
import { publishWeights } from '../../src/runtime/weights.ts';
import { totalPrompts } from '../../src/config/schema.ts';
import { loadLatestCheckpoint, saveCheckpoint, type LearnerState } from '../../src/learner/checkpoint.ts';
import { JsonlWriter } from '../../src/core/jsonl-writer.ts';
import { learnerFingerprint, releaseStale, trainStep } from '../../src/learner/train-step.ts';
import { EvalRounds } from '../../src/learner/eval-rounds.ts';

interface Pending { group: ScoredGroup; item: WorkItem }

export async function runLearner(ctx: ActorContext): Promise<void> {
  const { cfg, scheduler, log } = ctx;
  const trainer = await createTrainer(cfg);
  const ckptDir = join(ctx.runDir, 'checkpoints');
  const fingerprint = learnerFingerprint(cfg);
  const state: LearnerState = (await loadLatestCheckpoint(ckptDir, trainer, fingerprint))
    ?? { version: 0, step: 0, fingerprint, trainedCounts: {} };
  const { reissued } = await scheduler.restore({ version: state.version });
  log.info(state.step ? 'resumed from checkpoint' : 'starting fresh', { step: state.step, version: state.version, reissued });
  const exported = await trainer.exportWeights();
  await publishWeights(ctx.bus, ctx.subjects, state.version, exported.blob, exported.shapeKey);
  await scheduler.setPhase({ phase: 'training' });

  const evals = new EvalRounds(ctx);
  const checkpoint = () => {
    state.goldPeakStep = evals.goldPeakStep ?? state.goldPeakStep;
    return saveCheckpoint(ckptDir, trainer, state, state.goldPeakStep === undefined ? [] : [state.goldPeakStep]);
  };
  const evaluate = async () => {
    await checkpoint(); // the round's weights stay on disk: they may be the gold peak
    await evals.request(state.step, state.version);
  };
  if (evals.due(state.step)) await evaluate();

  const metrics = new JsonlWriter(join(ctx.runDir, 'metrics.jsonl'));
  const total = totalPrompts(cfg);
  let consumed = Object.keys(state.trainedCounts).length;
  const buffer: Pending[] = [];
  const finished = new AbortController();
  const keepAlive = setInterval(() => buffer.forEach((p) => p.item.working()), Math.max(500, cfg.nats.ackWaitMs / 3));
  let busy: Promise<void> = Promise.resolve();
  let droppedSinceStep = 0;
  let lastStepAt = performance.now();

  const stepIfReady = async () => {
    const needed = Math.min(cfg.rl.promptsPerStep, total - consumed);
    if (buffer.length < needed || needed <= 0 || finished.signal.aborted) return;
    const { keep, dropped } = await releaseStale(ctx, buffer.splice(0, buffer.length), state.version);
    await Promise.all(dropped.map((p) => p.item.ack()));
    droppedSinceStep += dropped.length;
    buffer.push(...keep);
    if (buffer.length < needed) return;
    const batch = buffer.splice(0, needed);
    const r = await trainStep({ ctx, trainer, state, batch: batch.map((p) => p.group) });
    consumed += r.consumed;
    await Promise.all(batch.map((p) => p.item.ack()));
    if (!r.trained) return;
    const e = await trainer.exportWeights();
    await publishWeights(ctx.bus, ctx.subjects, state.version, e.blob, e.shapeKey);
    const now = performance.now();
    // Throughput of the whole pipeline as the learner sees it: sampled tokens it consumed per second of wall time.
    const sampledTokensPerS = Number(r.metrics.sampledTokens) / ((now - lastStepAt) / 1000);
    lastStepAt = now;
    await metrics.write({ ...r.metrics, droppedStale: droppedSinceStep, sampledTokensPerS, skippedStepsTotal: ctx.counters.get('steps_skipped_nonfinite') });
    droppedSinceStep = 0;
    log.info('step', { step: state.step, version: state.version, reward: r.metrics.rewardMean, consumed, total });
    if (evals.due(state.step)) await evaluate();
    else if (consumed >= total || state.step % cfg.rl.checkpointEvery === 0) await checkpoint();
    if (consumed >= total || evals.shouldStop) finished.abort();
  };

  ctx.setReady(true);
  try {
    if (consumed < total) {
      await consumeChecked({ ...ctx, signal: AbortSignal.any([ctx.signal, finished.signal]) }, ctx.queues.scored, ScoredGroup, {
        durable: 'learner', kind: 'ScoredGroup', autoAck: false, ackWaitMs: cfg.nats.ackWaitMs,
        maxInFlight: cfg.rl.promptsPerStep * (cfg.rl.eta + 2),
      }, async (group, item) => {
        buffer.push({ group, item });
        busy = busy.then(stepIfReady);
        await busy;
      });
    }
    if (finished.signal.aborted || consumed >= total) {
      if (evals.enabled) {
        if (evals.due(state.step, true)) await evaluate();
        const last = await evals.waitFor(state.step, cfg.monitor.finalEvalTimeoutMs);
        if (!last) log.warn('the final eval round did not come back in time', { step: state.step });
        await checkpoint();
      }
      const final = await trainer.exportWeights();
      await writeFile(join(ctx.runDir, 'weights-final.bin'), final.blob); // what a study loads next
      await scheduler.setPhase({ phase: 'done' });
      log.info(evals.shouldStop ? 'training stopped: hacking flagged' : 'training done', { steps: state.step, version: state.version, consumed });
    }
  } finally {
    clearInterval(keepAlive);
    await evals.stop();
    await trainer.close();
  }
}
