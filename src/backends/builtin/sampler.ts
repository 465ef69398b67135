// BuiltinSampler: G completions per prompt from the builtin transformer,
// batched across the G samples, one token per step against a KV cache.
//
// Behaviour logprobs are those of the SAMPLING distribution:
// log softmax(logits / temperature)[token]. The trainer must score at the same
// temperature (BuiltinTrainerOptions.temperature) so pi_prox / mu compares
// like with like. temperature 0 samples greedily and records temperature-1
// logprobs (greedy completions are for evaluation, not training).
import * as tf from '@tensorflow/tfjs';
import { TribunalError } from '../../core/errors.ts';
import type { Completion } from '../../wire/messages.ts';
import type { SampleRequest, SampleResult, Sampler, TokenSequence } from '../../engines/types.ts';
import { initBackend, type BackendName } from './backend.ts';
import { resolveModelSpec, type BuiltinModelConfigInput, type ModelSpec } from './model-config.ts';
import { Rng, scrambleSeed } from '../../core/rng.ts';
import { Serial } from './serial.ts';
import { nextTokenDistribution, sequenceLogprobs } from './scoring.ts';
import { BOS_ID, EOS_ID, type WordTokenizer } from './tokenizer.ts';
import { createTransformer, disposeCache, disposeTransformer, forward, type KvCache, type Transformer } from './transformer.ts';
import { assignTensors, parseBlob } from './weights.ts';

export interface BuiltinEngineOptions {
  model: BuiltinModelConfigInput;
  /** Word list; overrides model.vocab. */
  vocab?: readonly string[];
  /** tfjs backend preference (see backend.ts); default wasm, falling back to cpu. */
  backend?: BackendName;
}

export class BuiltinSampler implements Sampler {
  private versionNow = 0;
  /** Seeds for requests that carry none: a fresh stream per request. */
  private nextSeed: number;
  private readonly serial = new Serial();

  private constructor(
    readonly spec: ModelSpec,
    private readonly model: Transformer,
    readonly backend: BackendName,
  ) {
    this.nextSeed = spec.seed * 1_000_003;
  }

  static async create(opts: BuiltinEngineOptions): Promise<BuiltinSampler> {
    const spec = resolveModelSpec(opts.model, opts.vocab);
    const backend = await initBackend(opts.backend);
    return new BuiltinSampler(spec, createTransformer(spec), backend);
  }

  get version(): number {
    return this.versionNow;
  }

  get tokenizer(): WordTokenizer {
    return this.spec.tokenizer;
  }

  /** <bos> + the prompt's words, keeping the last maxSeqLen - 1 words when longer. */
  promptTokens(prompt: string): Int32Array {
    const words = this.spec.tokenizer.encode(prompt);
    const keep = Math.min(words.length, this.spec.maxSeqLen - 2);
    const out = new Int32Array(keep + 1);
    out[0] = BOS_ID;
    out.set(words.subarray(words.length - keep), 1);
    return out;
  }

  async sample(req: SampleRequest): Promise<SampleResult> {
    if (!Number.isInteger(req.n) || req.n < 1) throw new TribunalError('BAD_MESSAGE', `sample: n must be a positive integer, got ${req.n}`);
    if (!Number.isInteger(req.maxNewTokens) || req.maxNewTokens < 1) {
      throw new TribunalError('BAD_MESSAGE', `sample: maxNewTokens must be a positive integer, got ${req.maxNewTokens}`);
    }
    const seed = req.seed ?? this.nextSeed++;
    return this.serial.run(() => this.sampleNow(req, seed));
  }

  private async sampleNow(req: SampleRequest, seed: number): Promise<SampleResult> {
    const promptTokens = this.promptTokens(req.prompt);
    const g = req.n;
    const maxNew = Math.min(req.maxNewTokens, this.spec.maxSeqLen - promptTokens.length);
    const rng = new Rng(scrambleSeed(seed));
    const temperature = req.temperature;
    const tokensG: number[][] = Array.from({ length: g }, () => []);
    const logprobsG: number[][] = Array.from({ length: g }, () => []);
    const finishedG = new Array<boolean>(g).fill(false);
    const vocab = this.spec.vocabSize;

    const prefill = new Int32Array(g * promptTokens.length);
    for (let r = 0; r < g; r++) prefill.set(promptTokens, r * promptTokens.length);
    let input = tf.tensor2d(prefill, [g, promptTokens.length], 'int32');
    let cache: KvCache | undefined;
    try {
      for (let step = 0; step < maxNew; step++) {
        const past = cache;
        const out = tf.tidy(() => {
          const { logitsBTV, cache: next } = forward(this.model, input, past);
          const t = logitsBTV.shape[1];
          const last = tf.reshape(tf.slice(logitsBTV, [0, t - 1, 0], [g, 1, vocab]), [g, vocab]);
          const logp = tf.logSoftmax(temperature > 0 ? tf.div(last, temperature) : last);
          return { logp, keys: next.keys, values: next.values };
        });
        if (past) disposeCache(past);
        cache = { keys: out.keys, values: out.values, length: (past?.length ?? 0) + input.shape[1] };
        input.dispose();
        const logpGV = (await out.logp.data()) as Float32Array;
        out.logp.dispose();

        const chosen = new Int32Array(g);
        for (let r = 0; r < g; r++) {
          const row = logpGV.subarray(r * vocab, (r + 1) * vocab);
          const tok = temperature > 0 ? rng.categorical(row.map(Math.exp)) : argmax(row);
          chosen[r] = tok;
          if (finishedG[r]) continue; // keeps the batch rectangular; output ignored
          tokensG[r].push(tok);
          logprobsG[r].push(row[tok]);
          if (tok === EOS_ID) finishedG[r] = true;
        }
        input = tf.tensor2d(chosen, [g, 1], 'int32');
        if (finishedG.every(Boolean)) break;
      }
    } finally {
      input.dispose();
      if (cache) disposeCache(cache);
    }

    const completionsG: Completion[] = tokensG.map((toks, r) => {
      const tokensT = Int32Array.from(toks);
      const body = finishedG[r] ? tokensT.subarray(0, tokensT.length - 1) : tokensT;
      return {
        text: this.spec.tokenizer.decode(body),
        tokensT,
        logprobsT: Float32Array.from(logprobsG[r]),
        finished: finishedG[r],
      };
    });
    return { promptTokens, completionsG };
  }

  loadWeights(version: number, blob: Uint8Array): Promise<void> {
    return this.serial.run(async () => {
      const { tensors } = parseBlob(this.spec, blob);
      assignTensors(this.model.params, tensors);
      this.versionNow = version;
    });
  }

  /** Completion logprobs at `temperature` (see the module comment). */
  logprobs(seqs: readonly TokenSequence[], temperature = 1): Promise<Float32Array[]> {
    return this.serial.run(() => sequenceLogprobs(this.model, seqs, temperature));
  }

  /** Full softmax (temperature 1) over the vocabulary after each prefix. */
  nextTokenDistribution(prefixes: readonly Int32Array[]): Promise<Float32Array[]> {
    return this.serial.run(() => nextTokenDistribution(this.model, prefixes));
  }

  close(): Promise<void> {
    return this.serial.run(async () => disposeTransformer(this.model));
  }
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}
