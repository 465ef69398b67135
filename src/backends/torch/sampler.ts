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
import { unpackF32, unpackI32 } from './packing.ts';

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
    const r = await this.model.call('Sample', {
      prompts: [req.prompt], chatTemplate: this.engine.chatTemplate, n: req.n, maxNewTokens: req.maxNewTokens,
      temperature: req.temperature, topP: this.engine.topP, topK: this.engine.topK, seed: req.seed ?? this.seed,
    });
    const p = r.prompts[0];
    if (!p || p.completions.length !== req.n) throw new TribunalError('ENGINE', `torch sampler: asked for ${req.n} completions, got ${p?.completions.length ?? 0}`);
    return {
      promptTokens: unpackI32(p.promptTokensI32, 'Sample prompt tokens'),
      completionsG: p.completions.map((c) => ({
        text: c.text, tokensT: unpackI32(c.tokensI32, 'Sample tokens'), logprobsT: unpackF32(c.logprobsF32, 'Sample logprobs'), finished: c.finished,
      })),
    };
  }

  /** Loads exported weights by reference (the service checks the digest); refuses blobs and other base models. */
  async loadWeights(version: number, weights: Uint8Array | WeightsRef): Promise<void> {
    if (weights instanceof Uint8Array) throw new TribunalError('BAD_WEIGHTS', 'torch sampler: weights come by reference (a torch learner exports them), not as a blob');
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
