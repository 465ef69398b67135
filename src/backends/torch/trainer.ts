// TorchTrainer: the Trainer verbs on a Hugging Face model in the trainer
// service (full fine-tuning or LoRA). Batches travel as packed bytes; each
// version is exported to storage samplers read (a PEFT adapter or a full
// safetensors dir) and announced by reference, never as a blob; colocated
// with its samplers, a version is the service's in-memory sampling copy
// instead (no file), and only the run's durable exports go to disk. The RL
// algorithm is src/learner/rl-step.ts's; this file only moves data and keeps
// the version, the export dir and its pruning.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../core/logger.ts';
import { TribunalError } from '../../core/errors.ts';
import type { TorchEngineConfig } from '../../config/engines/torch.ts';
import type {
  ForwardBackwardResult, LossBatch, OptimStepResult, TextPair, TokenSequence, Trainer, WeightsExport,
} from '../../engines/types.ts';
import { WeightsRef } from '../../wire/messages.ts';
import { TorchModel } from './torch-model.ts';
import { concatPerToken, packF32, splitByLengths, tokenBatch, unpackF32 } from './packing.ts';

export interface TorchTrainerOptions {
  temperature: number;
  seed: number;
  optimizer: { lr: number; weightDecay: number; gradClip: number; totalSteps: number };
  /** Where exports go when the engine names no exportDir. */
  defaultExportDir: string;
  /** Rollouts sample from this service's sampling copy: a version is exported to memory unless asked to be durable. */
  colocated?: boolean;
  log: Logger;
}

const versionDir = (v: number) => `v${String(v).padStart(7, '0')}`;

export class TorchTrainer implements Trainer {
  /** pi_prox of an update's first mini-batch comes from its own forward pass (the service folds the importance weight in). */
  readonly fusesProx = true;
  private versionNow = 0;
  /** A non-finite input since the last optimStep: the service is told to discard that step. */
  private poisoned = false;
  private readonly retained = new Set<number>();

  private constructor(
    private readonly model: TorchModel, private readonly engine: TorchEngineConfig, private readonly exportDir: string,
    private readonly eosId: number, private readonly colocated: boolean,
  ) {}

  static async create(engine: TorchEngineConfig, opts: TorchTrainerOptions): Promise<TorchTrainer> {
    const model = await TorchModel.open({ engine, train: true, temperature: opts.temperature, seed: opts.seed, optimizer: opts.optimizer, restartable: false, log: opts.log });
    if (model.info.eosTokenId < 0) {
      await model.close();
      throw new TribunalError('BAD_CONFIG', `torch engine: the tokenizer of ${engine.model} has no end-of-sequence token; SFT targets need one`);
    }
    return new TorchTrainer(model, engine, engine.exportDir ?? opts.defaultExportDir, model.info.eosTokenId, opts.colocated ?? false);
  }

  get version(): number {
    return this.versionNow;
  }

  setVersion(version: number): void {
    this.versionNow = version;
  }

  /** The input (in the chat template when configured) as the prompt; the target and the end token as the completion. */
  async encode(pairs: readonly TextPair[]): Promise<TokenSequence[]> {
    const prompts = await this.model.tokenize(pairs.map((p) => p.input), { chatTemplate: this.engine.chatTemplate, addSpecialTokens: true });
    const targets = await this.model.tokenize(pairs.map((p) => p.target), { chatTemplate: false, addSpecialTokens: false });
    return pairs.map((_, i) => ({ promptTokens: prompts[i], tokensT: Int32Array.from([...targets[i], this.eosId]) }));
  }

  async logprobs(seqs: readonly TokenSequence[], opts: { reference?: boolean } = {}): Promise<Float32Array[]> {
    if (seqs.length === 0) return [];
    const r = await this.model.call('Logprobs', { batch: tokenBatch(seqs), reference: opts.reference ?? false });
    return splitByLengths(unpackF32(r.logprobsF32, 'Logprobs'), seqs.map((s) => s.tokensT.length), 'Logprobs');
  }

  async forwardBackward(batch: LossBatch): Promise<ForwardBackwardResult> {
    const lengths = batch.seqs.map((s) => s.tokensT.length);
    const tokens = lengths.reduce((a, b) => a + b, 0);
    let req;
    if (batch.kind === 'ppo-fused-prox') {
      const advantages = concatPerToken(batch.seqs.map((s) => new Float32Array(s.tokensT.length).fill(s.advantage)));
      const mu = concatPerToken(batch.seqs.map((s) => s.behaviourLogprobsT));
      if (!allFinite(advantages) || !allFinite(mu)) {
        this.poisoned = true;
        return { loss: NaN, logpNewT: lengths.map((n) => new Float32Array(n).fill(NaN)), tokens };
      }
      req = {
        batch: tokenBatch(batch.seqs), loss: 'ppo', proxFromForward: true, advantagesF32: packF32(advantages), behaviourLogprobsF32: packF32(mu),
        importanceCap: Number.isFinite(batch.importanceCap) ? batch.importanceCap : 3.4e38, // float32's largest: no truncation
        logpRefF32: batch.klBeta > 0 ? packF32(concatPerToken(batch.seqs.map((s) => s.logpRefT ?? new Float32Array(s.tokensT.length)))) : Buffer.alloc(0),
        ppo: { clipLow: batch.clipLow, clipHigh: batch.clipHigh, klBeta: batch.klBeta }, normalizer: batch.normalizer,
      };
    } else if (batch.kind === 'ppo') {
      const advantages = concatPerToken(batch.seqs.map((s) => s.advantagesT));
      const prox = concatPerToken(batch.seqs.map((s) => s.logpProxT));
      // A non-finite input poisons the step here, as the builtin engine does: the optimizer step is skipped and counted.
      if (!allFinite(advantages) || !allFinite(prox)) {
        this.poisoned = true;
        return { loss: NaN, logpNewT: lengths.map((n) => new Float32Array(n).fill(NaN)), tokens };
      }
      req = {
        batch: tokenBatch(batch.seqs), loss: 'ppo', advantagesF32: packF32(advantages), logpProxF32: packF32(prox),
        logpRefF32: batch.klBeta > 0 ? packF32(concatPerToken(batch.seqs.map((s) => s.logpRefT ?? new Float32Array(s.tokensT.length)))) : Buffer.alloc(0),
        ppo: { clipLow: batch.clipLow, clipHigh: batch.clipHigh, klBeta: batch.klBeta }, normalizer: batch.normalizer,
      };
    } else {
      req = { batch: tokenBatch(batch.seqs), loss: 'cross_entropy', normalizer: batch.normalizer };
    }
    // Poisoned earlier in this mini-batch: the step must be the discarding optimStep, not fused here.
    const fuse = (batch.thenStep ?? false) && !this.poisoned;
    const r = await this.model.call('ForwardBackward', { ...req, optimStep: fuse });
    return {
      loss: r.loss, logpNewT: splitByLengths(unpackF32(r.logpNewF32, 'ForwardBackward logp_new'), lengths, 'ForwardBackward logp_new'), tokens: r.tokens,
      step: fuse && r.optim ? { applied: r.optim.applied, gradNorm: r.optim.gradNorm } : undefined,
    };
  }

  async optimStep(): Promise<OptimStepResult> {
    const discard = this.poisoned;
    this.poisoned = false;
    const r = await this.model.call('OptimStep', { discard });
    return { applied: r.applied, gradNorm: r.gradNorm };
  }

  /**
   * Colocated: refreshes the service's sampling copy to this version (a memory reference naming the service).
   * Else, or durable: writes this version for samplers and prunes old ones (the newest keepVersions, plus retained ones).
   */
  async exportWeights(opts: { durable?: boolean } = {}): Promise<WeightsExport> {
    if (this.colocated && !opts.durable) {
      const r = await this.model.call('ExportWeights', { dir: '', kind: 'memory', version: this.versionNow });
      const ref = WeightsRef.parse({ path: this.model.address, kind: 'memory', baseModel: r.baseModel, digest: r.digest, version: Number(r.version), bytes: Number(r.bytes) });
      return { ref, shapeKey: `torch:${this.model.info.baseModel}` };
    }
    const kind = this.engine.exportKind ?? (this.engine.lora.rank > 0 ? 'lora' : 'full');
    await mkdir(this.exportDir, { recursive: true });
    const r = await this.model.call('ExportWeights', { dir: join(this.exportDir, versionDir(this.versionNow)), kind, version: this.versionNow });
    const ref = WeightsRef.parse({ path: r.path, kind: r.kind, baseModel: r.baseModel, digest: r.digest, version: Number(r.version), bytes: Number(r.bytes) });
    await this.prune();
    return { ref, shapeKey: `torch:${this.model.info.baseModel}` };
  }

  /** Exported versions kept beyond the newest few (the gold peak). */
  retainWeights(versions: readonly number[]): void {
    for (const v of versions) this.retained.add(v);
  }

  private async prune(): Promise<void> {
    const dirs = (await readdir(this.exportDir).catch(() => [] as string[])).filter((d) => /^v\d{7}$/.test(d)).sort();
    const keep = new Set([...dirs.slice(-this.engine.keepVersions), ...[...this.retained].map(versionDir)]);
    await Promise.all(dirs.filter((d) => !keep.has(d)).map((d) => rm(join(this.exportDir, d), { recursive: true, force: true })));
  }

  importWeights(): Promise<void> {
    return Promise.reject(new TribunalError('BAD_WEIGHTS', 'the torch trainer starts from the model its engine names (a Hugging Face model dir), not from a weights blob'));
  }

  async save(dir: string): Promise<void> {
    await this.model.call('SaveCheckpoint', { dir, metaJson: JSON.stringify({ version: this.versionNow }) });
  }

  async load(dir: string): Promise<void> {
    const r = await this.model.call('LoadCheckpoint', { dir });
    const meta = JSON.parse(r.metaJson || '{}') as { version?: unknown };
    if (typeof meta.version !== 'number') throw new TribunalError('BAD_WEIGHTS', `checkpoint ${dir} has no version in its metadata`);
    this.versionNow = meta.version;
  }

  /** Pid of the trainer service behind this engine (undefined for a sidecar). */
  get servicePid(): number | undefined {
    return this.model.servicePid;
  }

  close(): Promise<void> {
    return this.model.close();
  }
}

function allFinite(xs: Float32Array): boolean {
  for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i])) return false;
  return true;
}
