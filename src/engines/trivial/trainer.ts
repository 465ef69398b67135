// Trainer of the trivial engine: the decoupled PPO objective on the unigram
// policy, with its gradient written out (d log p_k / d logits = onehot_k - p)
// and plain SGD. Exists to exercise the learner's plumbing in milliseconds;
// the builtin engine is the real model with tfjs autograd.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LossOptions, StepStats, Trainer, TrainSequence } from '../types.ts';
import type { TrivialEngineConfig } from '../../config/engines.ts';
import { packWeights, shapeKeyOf, softmax, unpackWeights } from './unigram.ts';
import { TribunalError } from '../../core/errors.ts';
import { decode } from '../../wire/codec.ts';

export class TrivialTrainer implements Trainer {
  version = 0;
  private logits: Float32Array;

  constructor(
    private readonly cfg: TrivialEngineConfig,
    private readonly opts: { lr: number; temperature: number },
  ) {
    this.logits = new Float32Array(cfg.vocabSize);
  }

  private logprobs(): Float32Array {
    return softmax(this.logits.map((l) => l / this.opts.temperature)).map(Math.log);
  }

  async update(batch: TrainSequence[], loss: LossOptions, miniBatches: number): Promise<StepStats> {
    if (this.cfg.trainDelayMs) await new Promise((r) => setTimeout(r, this.cfg.trainDelayMs));
    const prox = this.logprobs();
    const stats: StepStats = { loss: 0, applied: true, gradNorm: 0, clipFraction: 0, importanceWeightMean: 0, importanceWeightMax: 0, mismatch: 0, tokens: 0 };
    const size = Math.ceil(batch.length / miniBatches);
    let clipped = 0;
    for (let m = 0; m < batch.length; m += size) {
      const cur = this.logprobs();
      const probs = cur.map(Math.exp);
      const grad = new Float32Array(this.logits.length);
      let n = 0;
      let lossSum = 0;
      for (const seq of batch.slice(m, m + size)) {
        for (let t = 0; t < seq.tokensT.length; t++) {
          const k = seq.tokensT[t];
          const ratio = Math.exp(cur[k] - prox[k]);
          const w = Math.min(Math.exp(prox[k] - seq.behaviourLogprobsT[t]), loss.importanceCap);
          const a = seq.advantage;
          const clippedRatio = Math.min(Math.max(ratio, 1 - loss.clipLow), 1 + loss.clipHigh);
          const unclippedWins = ratio * a <= clippedRatio * a;
          lossSum += -w * Math.min(ratio * a, clippedRatio * a);
          stats.importanceWeightMean += w;
          stats.importanceWeightMax = Math.max(stats.importanceWeightMax, w);
          stats.mismatch += Math.abs(prox[k] - seq.behaviourLogprobsT[t]);
          n++;
          if (!unclippedWins) { clipped++; continue; }
          // d(-w * ratio * a)/d logits = -w * a * ratio * (onehot_k - p) / T
          for (let j = 0; j < grad.length; j++) grad[j] += (-w * a * ratio * ((j === k ? 1 : 0) - probs[j])) / this.opts.temperature;
        }
      }
      if (n === 0) continue;
      const l = lossSum / n;
      let norm = 0;
      for (let j = 0; j < grad.length; j++) norm += (grad[j] /= n) ** 2;
      norm = Math.sqrt(norm);
      if (!Number.isFinite(l) || !Number.isFinite(norm)) { stats.applied = false; continue; }
      for (let j = 0; j < grad.length; j++) this.logits[j] -= this.opts.lr * grad[j];
      stats.loss += l / miniBatches;
      stats.gradNorm = Math.max(stats.gradNorm, norm);
      stats.tokens += n;
    }
    if (stats.tokens) {
      stats.importanceWeightMean /= stats.tokens;
      stats.mismatch /= stats.tokens;
      stats.clipFraction = clipped / stats.tokens;
    }
    this.version += 1;
    return stats;
  }

  async exportWeights() {
    return { blob: packWeights(this.version, this.logits), shapeKey: shapeKeyOf(this.cfg.vocabSize) };
  }

  async importWeights(version: number, blob: Uint8Array): Promise<void> {
    this.logits = new Float32Array(unpackWeights(blob, this.cfg.vocabSize));
    this.version = version;
  }

  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, 'weights.bin.tmp');
    await writeFile(tmp, packWeights(this.version, this.logits));
    await rename(tmp, join(dir, 'weights.bin'));
  }

  async load(dir: string): Promise<void> {
    const blob = await readFile(join(dir, 'weights.bin')).catch((e) => {
      throw new TribunalError('NOT_FOUND', `no trivial checkpoint in ${dir}`, { cause: e });
    });
    const { version } = decode(blob) as { version: number };
    await this.importWeights(version, new Uint8Array(blob));
  }

  async close(): Promise<void> {}
}
