// Sampler of the trivial engine: tokens drawn i.i.d. from the unigram policy,
// text = the token ids joined by spaces. For runtime tests and benchmarks.
import type { Sampler, SampleRequest, SampleResult } from '../../engines/types.ts';
import type { TrivialEngineConfig } from '../../config/engines/trivial.ts';
import { softmax, unpackWeights } from './unigram.ts';
import { mulberry32 } from '../../core/rng.ts';

export class TrivialSampler implements Sampler {
  version = 0;
  private logits: Float32Array;
  private draws = 0;

  constructor(private readonly cfg: TrivialEngineConfig, private readonly seed = 1) {
    this.logits = new Float32Array(cfg.vocabSize);
  }

  async sample(req: SampleRequest): Promise<SampleResult> {
    if (this.cfg.sampleDelayMs) await new Promise((r) => setTimeout(r, this.cfg.sampleDelayMs));
    const probs = softmax(this.logits.map((l) => l / req.temperature));
    const rand = mulberry32(req.seed ?? this.seed * 7919 + this.draws++);
    const completionsG = Array.from({ length: req.n }, () => {
      const tokensT = new Int32Array(req.maxNewTokens);
      const logprobsT = new Float32Array(req.maxNewTokens);
      for (let t = 0; t < req.maxNewTokens; t++) {
        let u = rand();
        let k = 0;
        while (k < probs.length - 1 && u >= probs[k]) u -= probs[k++];
        tokensT[t] = k;
        logprobsT[t] = Math.log(probs[k]);
      }
      return { text: Array.from(tokensT).join(' '), tokensT, logprobsT, finished: false };
    });
    return { promptTokens: new Int32Array(0), completionsG };
  }

  async loadWeights(version: number, blob: Uint8Array): Promise<void> {
    this.logits = unpackWeights(blob, this.cfg.vocabSize);
    this.version = version;
  }

  async close(): Promise<void> {}
}
