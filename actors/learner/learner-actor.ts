// Learner actor: its loop. Scored groups are buffered; once B are there they
// make one step (src/learner/rl-step.ts: stale release, commit, advantages,
// train, publish, metrics). On start it resumes from its last checkpoint and
// has the scheduler re-issue whatever was consumed after it: effects land
// once. Every evalEvery steps it asks for an eval round; the hacking monitor
// may end training early, and the checkpoint at the gold peak is kept.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { metricsPath, restoreMarker } from '../../src/learner/metrics-file.ts';
import type { ActorContext } from '../../src/runtime/context.ts';
import { ScoredGroup } from '../../src/wire/messages.ts';
import { createTrainer, engineContext } from '../../src/backends/registry.ts';
import { consumeChecked } from '../../src/runtime/consume.ts';
import { deadLetter } from '../../src/runtime/dead-letter.ts';
import { foreignPrompt } from '../../src/wire/prompt-id.ts';
import { publishWeights } from '../../src/runtime/weights.ts';
import { totalPrompts, trainerEngine } from '../../src/config/schema.ts';
import { loadLatestCheckpoint, saveCheckpoint, type LearnerState } from '../../src/learner/checkpoint.ts';
import { JsonlWriter } from '../../src/core/jsonl-writer.ts';
import { learnerFingerprint, RlStep, type PendingGroup } from '../../src/learner/rl-step.ts';
import { EvalRounds } from '../../src/learner/eval-rounds.ts';
import { oneLine, TribunalError } from '../../src/core/errors.ts';
import { oneMachine, samplerPlacement } from '../../src/config/placement.ts';

export async function runLearner(ctx: ActorContext): Promise<void> {
  const { cfg, scheduler, log } = ctx;
  // Colocated: rollouts sample the sampling copy in this trainer's service, and each version is exported to memory.
  const placement = samplerPlacement(cfg, oneMachine());
  const trainer = await createTrainer(trainerEngine(cfg), { ...engineContext(cfg, ctx.log), colocated: placement.colocated });
  const ckptDir = join(ctx.runDir, 'checkpoints');
  const fingerprint = learnerFingerprint(cfg);
  const state: LearnerState = (await loadLatestCheckpoint(ckptDir, trainer, fingerprint))
    ?? { version: 0, step: 0, fingerprint, trainedCounts: {} };
  const { reissued } = await scheduler.restore({ version: state.version });
  log.info(state.step ? 'resumed from checkpoint' : 'starting fresh', { step: state.step, version: state.version, reissued });
  const exported = await trainer.exportWeights();
  await publishWeights(ctx.bus, ctx.subjects, state.version, exported);
  await scheduler.reportPublished({ actorId: ctx.actorId, version: state.version });
  await scheduler.setPhase({ phase: 'training' });

  const evals = new EvalRounds(ctx, state.version, state.step);
  const checkpoint = () => {
    state.goldPeakStep = evals.goldPeakStep ?? state.goldPeakStep;
    if (evals.goldPeakVersion !== undefined) trainer.retainWeights?.([evals.goldPeakVersion]);
    return saveCheckpoint(ckptDir, trainer, state, state.goldPeakStep === undefined ? [] : [state.goldPeakStep]);
  };
  const metrics = new JsonlWriter(metricsPath(ctx.runDir));
  // Rows a dead learner wrote for steps after this checkpoint no longer hold: say so before the first new one.
  if (existsSync(metricsPath(ctx.runDir))) await metrics.write(restoreMarker(state.step, state.version, reissued));
  const rl = new RlStep(ctx, trainer, state, metrics, () => ({ goldTrain: evals.takeTrainGold() }), (step) => cfg.monitor.forecast && evals.due(step));
  const evaluate = async () => {
    await rl.flushPublished(); // the round samples the weights of this step
    await checkpoint(); // the round's weights stay on disk: they may be the gold peak
    // Step 0 is the initial policy itself: KL 0.
    await evals.request(state.step, state.version, state.step === 0 ? 0 : rl.lastKlToInit);
  };
  if (evals.due(state.step)) await evaluate();

  const total = totalPrompts(cfg);
  let consumed = Object.keys(state.trainedCounts).length;
  const buffer: PendingGroup[] = [];
  const finished = new AbortController();
  const keepAlive = setInterval(() => buffer.forEach((p) => p.item.working()), Math.max(500, cfg.nats.ackWaitMs / 3));
  let busy: Promise<void> = Promise.resolve();
  // A failed step (a dead trainer service, a full disk) stops the loop: the process exits so the
  // launcher restarts it from its last checkpoint, never alive and stuck.
  let failure: unknown = null;

  const stepIfReady = async () => {
    if (finished.signal.aborted) return;
    const r = await rl.run(buffer, Math.min(cfg.rl.promptsPerStep, total - consumed));
    consumed += r.consumed;
    if (!r.trained) return;
    log.info('step', { step: state.step, version: state.version, reward: r.rewardMean, consumed, total });
    await evals.afterStep(state.version);
    await evals.observeStep(rl.lastSignals);
    if (evals.due(state.step)) await evaluate();
    else if (consumed >= total || state.step % cfg.rl.checkpointEvery === 0) await checkpoint();
    if (consumed >= total || evals.shouldStop) finished.abort();
  };

  ctx.setReady(true);
  try {
    if (consumed < total) {
      await consumeChecked({ ...ctx, signal: AbortSignal.any([ctx.signal, finished.signal]) }, ctx.queues.scored, ScoredGroup, {
        durable: 'learner', kind: 'ScoredGroup', autoAck: false, ackWaitMs: cfg.nats.ackWaitMs,
        maxInFlight: cfg.rl.promptsPerStep * (cfg.rl.eta + 2), maxDeliveries: cfg.nats.maxDeliveries,
      }, async (group, item) => {
        // A group of a prompt this run does not have would fail the commit of the whole batch.
        const foreign = foreignPrompt(group.promptId, total);
        if (foreign) {
          await deadLetter(ctx, item.subject, 'ScoredGroup', foreign, item.data);
          item.term();
          return;
        }
        buffer.push({ group, item, receivedAtMs: Date.now() });
        busy = busy.then(stepIfReady).catch((e: unknown) => {
          failure ??= e;
          finished.abort();
        });
        await busy;
      });
    }
    if (failure) throw new TribunalError('ENGINE', `a learner step failed: ${oneLine(failure)}; exiting so the learner restarts from its last checkpoint`, { cause: failure });
    if (finished.signal.aborted || consumed >= total) {
      await rl.flushPublished();
      if (evals.enabled) {
        if (evals.due(state.step, true)) await evaluate();
        // The final round, and any earlier one still out (its rollout died mid-round and it was called again).
        const missing = await evals.waitForAll(cfg.monitor.finalEvalTimeoutMs);
        if (missing.length) log.warn('eval rounds did not come back in time', { steps: missing, finalStep: state.step });
        await evals.afterStep(Infinity); // training is over: every training-sample window is closed
        await checkpoint();
      }
      // What a study loads next: the blob, or the reference to the exported dir.
      const final = await trainer.exportWeights({ durable: true });
      if (final.blob) await writeFile(join(ctx.runDir, 'weights-final.bin'), final.blob);
      else await writeFile(join(ctx.runDir, 'weights-final.json'), JSON.stringify(final.ref, null, 2) + '\n');
      await scheduler.setPhase({ phase: 'done' });
      log.info(evals.shouldStop ? 'training stopped: hacking flagged' : 'training done', { steps: state.step, version: state.version, consumed });
    }
  } finally {
    clearInterval(keepAlive);
    await evals.stop();
    await trainer.close();
  }
}
