// Trainer of the trivial engine: the Trainer verbs on the unigram policy, the
// loss's gradient written out (d log p_k / d logits = onehot_k - p) and plain
// SGD. Exists to exercise the learner's plumbing in milliseconds; the builtin
// engine is the real model with tfjs autograd.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ForwardBackwardResult, LossBatch, OptimStepResult, PolicyGradientSequence, TextPair, TokenSequence, Trainer } from '../../engines/types.ts';
import type { TrivialEngineConfig } from '../../config/engines/trivial.ts';
import { packWeights, shapeKeyOf, softmax, unpackWeights } from './unigram.ts';
import { TribunalError } from '../../core/errors.ts';
import { decode } from '../../wire/codec.ts';

export class TrivialTrainer implements Trainer {
  version = 0;
  private logits: Float32Array;
  /** The KL reference: the initial (or last imported) logits. */
  private reference: Float32Array;
  private grad: Float32Array | null = null;
  private poisoned = false;

  constructor(
    private readonly cfg: TrivialEngineConfig,
    private readonly opts: { lr: number; temperature: number },
  ) {
    this.logits = new Float32Array(cfg.vocabSize);
    this.reference = this.logits.slice();
  }

  setVersion(version: number): void {
    this.version = version;
  }

  /** Text is token ids separated by spaces (the sampler's format); no end token. */
  async encode(pairs: readonly TextPair[]): Promise<TokenSequence[]> {
    const ids = (text: string) => Int32Array.from(text.split(/\s+/).filter(Boolean).map(Number).filter((k) => k >= 0 && k < this.cfg.vocabSize));
    return pairs.map((p) => ({ promptTokens: ids(p.input), tokensT: ids(p.target) }));
  }

  private logprobsOf(logits: Float32Array, temperature: number): Float32Array {
    return softmax(logits.map((l) => l / temperature)).map(Math.log);
  }

  async logprobs(seqs: readonly TokenSequence[], opts: { reference?: boolean } = {}): Promise<Float32Array[]> {
    const lp = this.logprobsOf(opts.reference ? this.reference : this.logits, this.opts.temperature);
    return seqs.map((s) => Float32Array.from(s.tokensT, (k) => lp[k]));
  }

  /** The loss's gradient written out: d log p_k / d logits = (onehot_k - p) / T. */
  async forwardBackward(batch: LossBatch): Promise<ForwardBackwardResult> {
    if (batch.kind === 'ppo-fused-prox') throw new TribunalError('INTERNAL', 'trivial trainer: pi_prox comes from logprobs here (fusesProx is unset), not ppo-fused-prox batches');
    if (this.cfg.trainDelayMs) await new Promise((r) => setTimeout(r, this.cfg.trainDelayMs));
    const temperature = batch.kind === 'ppo' ? this.opts.temperature : 1;
    const cur = this.logprobsOf(this.logits, temperature);
    const probs = cur.map(Math.exp);
    const grad = (this.grad ??= new Float32Array(this.logits.length));
    const norm = Math.max(batch.normalizer, 1);
    let lossSum = 0;
    let tokens = 0;
    const addGrad = (k: number, coef: number) => {
      for (let j = 0; j < grad.length; j++) grad[j] += (coef * ((j === k ? 1 : 0) - probs[j])) / temperature / norm;
    };
    const logpNewT = batch.seqs.map((seq, i) => {
      const out = Float32Array.from(seq.tokensT, (k) => cur[k]);
      for (let t = 0; t < seq.tokensT.length; t++) {
        const k = seq.tokensT[t];
        tokens++;
        if (batch.kind === 'cross_entropy') {
          lossSum += -cur[k];
          addGrad(k, -1);
          continue;
        }
        const s = batch.seqs[i] as PolicyGradientSequence;
        const a = s.advantagesT[t];
        const ratio = Math.exp(cur[k] - s.logpProxT[t]);
        const clippedRatio = Math.min(Math.max(ratio, 1 - batch.clipLow), 1 + batch.clipHigh);
        lossSum += a === 0 ? 0 : -Math.min(ratio * a, clippedRatio * a);
        // The unclipped branch is the minimum: d(-ratio * a) / d logp = -ratio * a.
        if (a !== 0 && ratio * a <= clippedRatio * a) addGrad(k, -a * ratio);
        if (batch.klBeta > 0 && s.logpRefT) {
          const d = s.logpRefT[t] - cur[k];
          lossSum += batch.klBeta * (Math.exp(d) - d - 1);
          addGrad(k, batch.klBeta * (1 - Math.exp(d)));
        }
      }
      return out;
    });
    const loss = lossSum / norm;
    if (!Number.isFinite(loss)) this.poisoned = true;
    return { loss, logpNewT, tokens };
  }

  /** Plain SGD on the accumulated gradient; skipped when it is not finite. */
  async optimStep(): Promise<OptimStepResult> {
    const grad = this.grad;
    const poisoned = this.poisoned;
    this.grad = null;
    this.poisoned = false;
    if (!grad) return { applied: false, gradNorm: 0 };
    let sq = 0;
    for (const g of grad) sq += g * g;
    const gradNorm = Math.sqrt(sq);
    if (poisoned || !Number.isFinite(gradNorm)) return { applied: false, gradNorm: NaN };
    for (let j = 0; j < grad.length; j++) this.logits[j] -= this.opts.lr * grad[j];
    return { applied: true, gradNorm };
  }

  async exportWeights() {
    return { blob: packWeights(this.version, this.logits), shapeKey: shapeKeyOf(this.cfg.vocabSize) };
  }

  async importWeights(version: number, blob: Uint8Array): Promise<void> {
    this.logits = new Float32Array(unpackWeights(blob, this.cfg.vocabSize));
    this.reference = this.logits.slice();
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
