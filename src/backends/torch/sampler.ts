// TorchSampler: rollouts from a Hugging Face model in a trainer service (CPU
// runs and single-GPU runs without vLLM): completions with their exact token
// ids and the logprobs of the distribution they were drawn from (temperature,
// top-k, top-p applied), so the learner trains on exactly what was sampled.
// Weights arrive by reference; a reference of another base model is refused
// whole and the weights held stay.
import type { Logger } from '../../core/logger.ts';
import { TribunalError } from '../../core/errors.ts';
import type { TorchEngineConfig } from '../../config/engines/torch.ts';
import type { SampleRequest, SampleResult, Sampler } from '../../engines/types.ts';
import type { WeightsRef } from '../../wire/messages.ts';
import { TorchModel } from './torch-model.ts';
import { sampleCall, sampledResults } from './sample-call.ts';

export class TorchSampler implements Sampler {
  private versionNow = 0;
  private held: WeightsRef | null = null;

  private constructor(private readonly model: TorchModel, private readonly engine: TorchEngineConfig, private readonly seed: number) {
    // A restarted service holds the base weights: load the version held again before sampling resumes.
    model.afterRestart = async () => {
      if (this.held) await this.model.call('LoadWeights', { ref: this.held });
    };
  }

  static async create(engine: TorchEngineConfig, opts: { seed: number; log: Logger }): Promise<TorchSampler> {
    const model = await TorchModel.open({ engine, train: false, temperature: 1, seed: opts.seed, restartable: true, log: opts.log });
    return new TorchSampler(model, engine, opts.seed);
  }

  get version(): number {
    return this.versionNow;
  }

  async sample(req: SampleRequest): Promise<SampleResult> {
    return (await this.sampleMany([req]))[0];
  }

  /** Every prompt in one Sample call, each with its own seed: a batch costs about what one prompt does on a small model. */
  async sampleMany(reqs: readonly SampleRequest[]): Promise<SampleResult[]> {
    if (reqs.length === 0) return [];
    const r = await this.model.call('Sample', sampleCall(reqs, this.engine, this.seed, false));
    return sampledResults(reqs, r, 'torch sampler');
  }

  /** Loads exported weights by reference (the service checks the digest); refuses blobs and other base models. */
  async loadWeights(version: number, weights: Uint8Array | WeightsRef): Promise<void> {
    if (weights instanceof Uint8Array) throw new TribunalError('BAD_WEIGHTS', 'torch sampler: weights come by reference (a torch learner exports them), not as a blob');
    if (weights.kind === 'memory') {
      throw new TribunalError('BAD_WEIGHTS', `torch sampler: weights v${version} live in the memory of the learner's trainer service at ${weights.path} (colocated); this sampler has a service of its own and loads exported dirs: set engines.policy.placement to the same value for every actor`);
    }
    if (weights.baseModel !== this.model.info.baseModel) {
      throw new TribunalError('BAD_WEIGHTS', `torch sampler: weights v${version} are for base model ${weights.baseModel}, this sampler serves ${this.model.info.baseModel}`);
    }
    await this.model.call('LoadWeights', { ref: weights });
    this.held = weights;
    this.versionNow = version;
  }

  /** Pid of the trainer service behind this engine (undefined for a sidecar). */
  get servicePid(): number | undefined {
    return this.model.servicePid;
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
