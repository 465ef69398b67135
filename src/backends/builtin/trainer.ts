// BuiltinTrainer: the Trainer verbs on the builtin transformer with tfjs
// autograd and AdamW: logprobs, forwardBackward (the policy-gradient or
// cross-entropy loss; gradients accumulate), optimStep; owns weights, version,
// reference weights (for the optional KL) and checkpoints. The RL algorithm
// (pi_prox, importance weights, mini-batches, metrics) is src/learner/rl-step.ts's.
//
// Logprobs (pi_prox, pi_theta) are taken at options.temperature, which must
// equal the rollout temperature: the sampler records behaviour logprobs of its
// sampling distribution softmax(logits / temperature).
import * as tf from '@tensorflow/tfjs';
import { TribunalError } from '../../core/errors.ts';
import type { ForwardBackwardResult, LossBatch, OptimStepResult, PolicyGradientSequence, TextPair, TokenSequence, Trainer } from '../../engines/types.ts';
import { AdamW, AdamWConfig } from './adamw.ts';
import { initBackend, type BackendName } from './backend.ts';
import { packSequences, spreadCompletions, textPairSequence, unpackCompletions } from './batch.ts';
import { readCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { Serial } from './serial.ts';
import { resolveModelSpec, type ModelSpec } from './model-config.ts';
import type { BuiltinEngineOptions } from './sampler.ts';
import { nextTokenDistribution, sequenceLogprobs } from './scoring.ts';
import { ppoLossTf } from './ppo-loss.ts';
import { createTransformer, disposeTransformer, forward, tokenLogprobs, type Transformer } from './transformer.ts';
import { assignTensors, exportBlob, parseBlob, readTensors } from './weights.ts';

export interface BuiltinTrainerOptions extends BuiltinEngineOptions {
  optimizer?: Partial<AdamWConfig>;
  /** Temperature of pi_prox / pi_theta logprobs; equal to the sampler's. @default 1 */
  temperature?: number;
}

export class BuiltinTrainer implements Trainer {
  private versionNow = 0;
  /** Optimizer steps skipped for NaN/Inf since creation (checkpointed). */
  skippedSteps = 0;
  /** Weights the k3 KL penalty pulls toward: the initial or last imported ones. */
  private reference: Map<string, Float32Array>;
  private referenceModel: Transformer | null = null;
  private readonly optimizer: AdamW;
  /** One public operation at a time: weights never change under a running step. */
  private readonly serial = new Serial();
  /** Gradients summed over forwardBackward calls since the last optimStep, by parameter name. */
  private readonly accumulated = new Map<string, tf.Tensor>();
  /** A non-finite loss since the last optimStep: that step is skipped. */
  private poisoned = false;

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

  setVersion(version: number): void {
    this.versionNow = version;
  }

  /** Optimizer steps applied so far. */
  get step(): number {
    return this.optimizer.step;
  }

  encode(pairs: readonly TextPair[]): Promise<TokenSequence[]> {
    return Promise.resolve(pairs.map((p) => textPairSequence(this.spec.tokenizer, p)));
  }

  forwardBackward(batch: LossBatch): Promise<ForwardBackwardResult> {
    return this.serial.run(() => this.forwardBackwardNow(batch));
  }

  private async forwardBackwardNow(batch: LossBatch): Promise<ForwardBackwardResult> {
    if (batch.seqs.length === 0) throw new TribunalError('BAD_MESSAGE', 'forwardBackward on an empty batch');
    if (batch.kind === 'ppo-fused-prox') throw new TribunalError('INTERNAL', 'builtin trainer: pi_prox comes from logprobs here (fusesProx is unset), not ppo-fused-prox batches');
    const packed = packSequences(batch.seqs, this.spec.vocabSize, this.spec.maxSeqLen);
    const shape: [number, number] = [packed.batch, packed.length];
    const mask = () => tf.tensor2d(packed.maskBL, shape);
    let lossOf: (logpBL: tf.Tensor2D) => tf.Scalar;
    let temperature = this.temperature;
    if (batch.kind === 'ppo') {
      const perToken = (pick: (s: PolicyGradientSequence) => ArrayLike<number>) => spreadCompletions(packed, batch.seqs.map(pick));
      const prox = perToken((s) => s.logpProxT);
      const adv = perToken((s) => s.advantagesT);
      const ref = batch.klBeta > 0 ? perToken((s) => s.logpRefT ?? new Float32Array(s.tokensT.length)) : null;
      lossOf = (logpNew) => ppoLossTf({
        logpNew, logpProx: tf.tensor2d(prox, shape), advantages: tf.tensor2d(adv, shape), mask: mask(),
        logpRef: ref ? tf.tensor2d(ref, shape) : undefined,
      }, batch).loss;
    } else {
      temperature = 1;
      lossOf = (logp) => tf.div(tf.neg(tf.sum(tf.mul(logp, mask()))), Math.max(batch.normalizer, 1)) as tf.Scalar;
    }
    const vars = [...this.model.params.values()];
    let logpKept: tf.Tensor | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const inputs = tf.tensor2d(packed.inputsBL, shape, 'int32');
      const targets = tf.tensor2d(packed.targetsBL, shape, 'int32');
      const logp = tokenLogprobs(forward(this.model, inputs).logitsBTV, targets, temperature);
      logpKept = tf.keep(logp);
      return lossOf(logp);
    }, vars);
    const loss = (await value.data())[0];
    value.dispose();
    const logpFlat = (await (logpKept as unknown as tf.Tensor).data()) as Float32Array;
    (logpKept as unknown as tf.Tensor).dispose();
    // Gradients accumulate until optimStep; a non-finite loss poisons the step.
    if (!Number.isFinite(loss)) this.poisoned = true;
    for (const [name, v] of this.model.params) {
      const g = grads[v.name];
      const prev = this.accumulated.get(name);
      if (prev) {
        this.accumulated.set(name, tf.tidy(() => tf.add(prev, g)));
        prev.dispose();
        g.dispose();
      } else {
        this.accumulated.set(name, g);
      }
    }
    const tokens = batch.seqs.reduce((n, s) => n + s.tokensT.length, 0);
    return { loss, logpNewT: unpackCompletions(packed, batch.seqs, logpFlat), tokens };
  }

  /** One AdamW step on the accumulated gradient, unless the loss or its norm is NaN/Inf (then nothing changes). */
  optimStep(): Promise<OptimStepResult> {
    return this.serial.run(async () => {
      try {
        if (this.accumulated.size === 0) return { applied: false, gradNorm: 0 };
        if (this.poisoned) {
          this.skippedSteps += 1;
          return { applied: false, gradNorm: NaN };
        }
        const r = await this.optimizer.apply(this.accumulated);
        if (!r.applied) this.skippedSteps += 1;
        return r;
      } finally {
        this.clearGradients();
      }
    });
  }

  private clearGradients(): void {
    for (const g of this.accumulated.values()) g.dispose();
    this.accumulated.clear();
    this.poisoned = false;
  }

  /** Completion logprobs at the trainer's temperature, of these weights or of the reference ones. */
  logprobs(seqs: readonly TokenSequence[], opts: { reference?: boolean } = {}): Promise<Float32Array[]> {
    return this.serial.run(() => sequenceLogprobs(opts.reference ? this.referenceNet() : this.model, seqs, this.temperature));
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
      this.clearGradients();
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
