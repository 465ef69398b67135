// BuiltinTrainer: decoupled-PPO updates and SFT steps on the builtin
// transformer with tfjs autograd and AdamW; owns weights, version, reference
// weights (for the optional KL) and checkpoints. Advantages, batching policy
// and staleness are the learner's business.
//
// Logprobs (pi_prox, pi_theta) are taken at options.temperature, which must
// equal the rollout temperature: the sampler records behaviour logprobs of its
// sampling distribution softmax(logits / temperature).
import * as tf from '@tensorflow/tfjs';
import { TribunalError } from '../../core/errors.ts';
import type { LossOptions, StepStats, TrainSequence, Trainer } from '../types.ts';
import { AdamW, AdamWConfig } from './adamw.ts';
import { initBackend, type BackendName } from './backend.ts';
import { packSequences, type PackedBatch, type TokenSequence } from './batch.ts';
import { readCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { Serial } from './serial.ts';
import { resolveModelSpec, type ModelSpec } from './model-config.ts';
import type { BuiltinEngineOptions } from './sampler.ts';
import { nextTokenDistribution, sequenceLogprobs } from './scoring.ts';
import { decoupledPpoLossTf } from './ppo-loss.ts';
import { createTransformer, disposeTransformer, forward, tokenLogprobs, type Transformer } from './transformer.ts';
import { assignTensors, exportBlob, parseBlob, readTensors } from './weights.ts';

export interface BuiltinTrainerOptions extends BuiltinEngineOptions {
  optimizer?: Partial<AdamWConfig>;
  /** Temperature of pi_prox / pi_theta logprobs; equal to the sampler's. @default 1 */
  temperature?: number;
}

export interface BuiltinStepStats extends StepStats {
  /** Mini-batch steps skipped for a NaN/Inf loss or gradient in this update. */
  skippedSteps: number;
}

export class BuiltinTrainer implements Trainer {
  private versionNow = 0;
  /** Mini-batch and SFT steps skipped for NaN/Inf since creation (checkpointed). */
  skippedSteps = 0;
  /** Weights the k3 KL penalty pulls toward: the initial or last imported ones. */
  private reference: Map<string, Float32Array>;
  private referenceModel: Transformer | null = null;
  private readonly optimizer: AdamW;
  /** One public operation at a time: weights never change under a running step. */
  private readonly serial = new Serial();

  private constructor(
    readonly spec: ModelSpec,
    private readonly model: Transformer,
    readonly temperature: number,
    optimizer: AdamWConfig,
    readonly backend: BackendName,
    initial: Map<string, Float32Array>,
  ) {
    this.optimizer = new AdamW(model.params, optimizer);
    this.reference = initial;
  }

  static async create(opts: BuiltinTrainerOptions): Promise<BuiltinTrainer> {
    const spec = resolveModelSpec(opts.model, opts.vocab);
    const parsed = AdamWConfig.safeParse(opts.optimizer ?? {});
    if (!parsed.success) throw new TribunalError('BAD_CONFIG', `builtin optimizer: ${parsed.error.message}`, { cause: parsed.error });
    const temperature = opts.temperature ?? 1;
    if (!(temperature > 0)) throw new TribunalError('BAD_CONFIG', `trainer temperature must be > 0, got ${temperature}`);
    const backend = await initBackend(opts.backend);
    const model = createTransformer(spec);
    const initial = new Map(Object.entries(await readTensors(model.params)));
    return new BuiltinTrainer(spec, model, temperature, parsed.data, backend, initial);
  }

  get version(): number {
    return this.versionNow;
  }

  /** Optimizer steps applied so far. */
  get step(): number {
    return this.optimizer.step;
  }

  update(batch: TrainSequence[], loss: LossOptions, miniBatches: number): Promise<BuiltinStepStats> {
    return this.serial.run(() => this.updateNow(batch, loss, miniBatches));
  }

  private async updateNow(batch: TrainSequence[], loss: LossOptions, miniBatches: number): Promise<BuiltinStepStats> {
    if (batch.length === 0) throw new TribunalError('BAD_MESSAGE', 'update on an empty batch');
    // pi_prox: this policy before the update, no gradient.
    const proxT = await sequenceLogprobs(this.model, batch, this.temperature);
    const refT = loss.klBeta > 0 ? await sequenceLogprobs(this.referenceNet(), batch, this.temperature) : null;

    let tokens = 0, wSum = 0, wMax = 0, mismatchSum = 0;
    batch.forEach((s, i) => {
      if (s.behaviourLogprobsT.length !== s.tokensT.length) {
        throw new TribunalError('BAD_MESSAGE', `sequence ${i}: ${s.tokensT.length} tokens but ${s.behaviourLogprobsT.length} behaviour logprobs`);
      }
      for (let t = 0; t < s.tokensT.length; t++) {
        const d = proxT[i][t] - s.behaviourLogprobsT[t];
        const w = Math.min(Math.exp(d), loss.importanceCap);
        wSum += w;
        wMax = Math.max(wMax, w);
        mismatchSum += Math.abs(d);
        tokens += 1;
      }
    });

    const chunks = Math.max(1, Math.min(miniBatches, batch.length));
    const per = Math.ceil(batch.length / chunks);
    let lossSum = 0, normSum = 0, clipped = 0, steps = 0, skipped = 0;
    for (let start = 0; start < batch.length; start += per) {
      const idx = [...Array(Math.min(per, batch.length - start)).keys()].map((k) => start + k);
      const mb = idx.map((i) => batch[i]);
      const packed = packSequences(mb, this.spec.vocabSize, this.spec.maxSeqLen);
      const perToken = (pick: (i: number) => ArrayLike<number>) => spread(packed, idx.map(pick));
      const prox = perToken((i) => proxT[i]);
      const mu = perToken((i) => batch[i].behaviourLogprobsT);
      const adv = perToken((i) => new Float32Array(batch[i].tokensT.length).fill(batch[i].advantage));
      const ref = refT ? perToken((i) => refT[i]) : null;

      let clippedT: tf.Scalar | null = null;
      const step = await this.gradStep(packed, (logpNew) => {
        const shape: [number, number] = [packed.batch, packed.length];
        const out = decoupledPpoLossTf({
          logpNew,
          logpProx: tf.tensor2d(prox, shape),
          logpMu: tf.tensor2d(mu, shape),
          advantages: tf.tensor2d(adv, shape),
          mask: tf.tensor2d(packed.maskBL, shape),
          logpRef: ref ? tf.tensor2d(ref, shape) : undefined,
        }, loss);
        clippedT = tf.keep(out.clipped);
        return out.loss;
      });
      if (clippedT) {
        clipped += (await (clippedT as tf.Scalar).data())[0];
        (clippedT as tf.Scalar).dispose();
      }
      lossSum += step.loss;
      normSum += step.gradNorm;
      steps += 1;
      if (!step.applied) skipped += 1;
    }
    this.versionNow += 1;
    return {
      loss: lossSum / steps,
      applied: skipped === 0,
      gradNorm: normSum / steps,
      clipFraction: tokens > 0 ? clipped / tokens : 0,
      importanceWeightMean: tokens > 0 ? wSum / tokens : 0,
      importanceWeightMax: wMax,
      mismatch: tokens > 0 ? mismatchSum / tokens : 0,
      tokens,
      skippedSteps: skipped,
    };
  }

  /** One cross-entropy step on the completion tokens (prompt masked), at temperature 1. Bumps the version. */
  sft(batch: TokenSequence[]): Promise<{ loss: number; applied: boolean }> {
    return this.serial.run(() => this.sftNow(batch));
  }

  private async sftNow(batch: TokenSequence[]): Promise<{ loss: number; applied: boolean }> {
    if (batch.length === 0) throw new TribunalError('BAD_MESSAGE', 'sft on an empty batch');
    const packed = packSequences(batch, this.spec.vocabSize, this.spec.maxSeqLen);
    const step = await this.gradStep(packed, (logp) => {
      const mask = tf.tensor2d(packed.maskBL, [packed.batch, packed.length]);
      return tf.div(tf.neg(tf.sum(tf.mul(logp, mask))), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
    }, 1);
    this.versionNow += 1;
    return { loss: step.loss, applied: step.applied };
  }

  /**
   * Forward with gradient, loss from the target logprobs [B, L], one AdamW
   * step unless the loss or gradient norm is NaN/Inf (then nothing changes).
   */
  private async gradStep(
    packed: PackedBatch,
    lossOf: (logpBL: tf.Tensor2D) => tf.Scalar,
    temperature = this.temperature,
  ): Promise<{ loss: number; gradNorm: number; applied: boolean }> {
    const shape: [number, number] = [packed.batch, packed.length];
    const vars = [...this.model.params.values()];
    const { value, grads } = tf.variableGrads(() => {
      const inputs = tf.tensor2d(packed.inputsBL, shape, 'int32');
      const targets = tf.tensor2d(packed.targetsBL, shape, 'int32');
      return lossOf(tokenLogprobs(forward(this.model, inputs).logitsBTV, targets, temperature));
    }, vars);
    const lossValue = (await value.data())[0];
    value.dispose();
    const byName = new Map<string, tf.Tensor>();
    for (const [name, v] of this.model.params) byName.set(name, grads[v.name]);
    try {
      if (!Number.isFinite(lossValue)) {
        this.skippedSteps += 1;
        return { loss: lossValue, gradNorm: NaN, applied: false };
      }
      const r = await this.optimizer.apply(byName);
      if (!r.applied) this.skippedSteps += 1;
      return { loss: lossValue, ...r };
    } finally {
      for (const g of Object.values(grads)) g.dispose();
    }
  }

  /** Completion logprobs at `temperature` (default: the trainer's). */
  logprobs(seqs: readonly TokenSequence[], temperature = this.temperature): Promise<Float32Array[]> {
    return this.serial.run(() => sequenceLogprobs(this.model, seqs, temperature));
  }

  /** Full softmax (temperature 1) over the vocabulary after each prefix's last token. */
  nextTokenDistribution(prefixes: readonly Int32Array[]): Promise<Float32Array[]> {
    return this.serial.run(() => nextTokenDistribution(this.model, prefixes));
  }

  exportWeights(): Promise<{ blob: Uint8Array; shapeKey: string }> {
    return this.serial.run(async () => ({ blob: await exportBlob(this.model, this.versionNow), shapeKey: this.spec.shapeKey }));
  }

  /**
   * Replaces the weights (all or nothing), sets the version, makes them the KL
   * reference and resets the optimizer moments (they belonged to other weights).
   */
  importWeights(version: number, blob: Uint8Array): Promise<void> {
    return this.serial.run(async () => {
      const { tensors } = parseBlob(this.spec, blob);
      assignTensors(this.model.params, tensors);
      this.optimizer.reset();
      this.setReference(tensors);
      this.versionNow = version;
    });
  }

  save(dir: string): Promise<void> {
    return this.serial.run(async () => {
      await writeCheckpoint(
        dir,
        { shapeKey: this.spec.shapeKey, version: this.versionNow, step: this.optimizer.step, skippedSteps: this.skippedSteps },
        await exportBlob(this.model, this.versionNow),
        { m: await readTensors(this.optimizer.m), v: await readTensors(this.optimizer.v) },
        Object.fromEntries(this.reference),
      );
    });
  }

  /** Restores a save(); refuses (BAD_WEIGHTS) a checkpoint of another model, changing nothing. */
  load(dir: string): Promise<void> {
    return this.serial.run(async () => {
      const ck = await readCheckpoint(dir, this.spec); // validates everything first
      assignTensors(this.model.params, ck.weights);
      assignTensors(this.optimizer.m, ck.m);
      assignTensors(this.optimizer.v, ck.v);
      this.optimizer.step = ck.meta.step;
      this.setReference(ck.reference);
      this.versionNow = ck.meta.version;
      this.skippedSteps = ck.meta.skippedSteps;
    });
  }

  close(): Promise<void> {
    return this.serial.run(async () => {
      this.optimizer.dispose();
      disposeTransformer(this.model);
      if (this.referenceModel) disposeTransformer(this.referenceModel);
      this.referenceModel = null;
    });
  }

  private setReference(values: Map<string, Float32Array>): void {
    this.reference = new Map([...values].map(([k, v]) => [k, v.slice()]));
    if (this.referenceModel) assignTensors(this.referenceModel.params, this.reference);
  }

  /** The reference weights as a model, built on first use (only klBeta > 0 needs it). */
  private referenceNet(): Transformer {
    if (!this.referenceModel) {
      this.referenceModel = createTransformer(this.spec);
      assignTensors(this.referenceModel.params, this.reference);
    }
    return this.referenceModel;
  }
}

/** Per-sequence completion values laid out at their [B, L] target positions (0 elsewhere). */
function spread(packed: PackedBatch, valuesB: ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(packed.batch * packed.length);
  valuesB.forEach((vals, r) => {
    for (let t = 0; t < vals.length; t++) out[packed.completionStart[r] + t] = vals[t];
  });
  return out;
}
