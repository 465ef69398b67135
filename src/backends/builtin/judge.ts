// BuiltinJudge: a pointwise LLM judge on the builtin transformer (the paper's
// small fine-tuned judges). Reads "<prompt> | <response> | score" and, in
// 'direct' mode, takes the next-token distribution over the digits 0..9; in
// 'reasoning' mode it first writes a trace until it emits "score", then reads
// the digits. Training it is src/study/train-judge.ts's job; turning verdicts
// into rewards is src/judging/score-group.ts's.
//
// Validity (decided here, see verdictFromDistribution): the reward is the
// expected score renormalised over the digit tokens (paper), so a verdict is
// valid as long as the judge could emit a digit at all under the paper's judge
// sampling (top-k 20): some digit ranks among the 20 most likely tokens.
import { TribunalError } from '../../core/errors.ts';
import type { Verdict } from '../../wire/messages.ts';
import type { BuiltinEngineConfig, JudgeMode } from '../../config/engines/builtin.ts';
import { expectedScore, SCORE_TOKENS } from '../../rl/rewards.ts';
import { judgeInput } from '../../testbed/format.ts';
import type { Judge, JudgeItem } from '../../engines/types.ts';
import type { BackendName } from './backend.ts';
import type { BuiltinModelConfigInput } from './model-config.ts';
import { Rng, scrambleSeed } from '../../core/rng.ts';
import { BuiltinSampler } from './sampler.ts';
import { BOS_ID, EOS_ID, UNK_ID, type WordTokenizer } from './tokenizer.ts';


/** A digit must rank within this many most likely tokens for a verdict to be valid (the paper's judge top-k). */
export const VALID_TOP_K = 20;

export interface BuiltinJudgeOptions {
  model: BuiltinModelConfigInput;
  vocab: readonly string[];
  backend?: BackendName;
  judgeMode: JudgeMode;
  /** Reasoning mode: trace tokens at most before "score". @default 14 */
  maxReasoningTokens?: number;
  /** Reasoning mode: trace sampling temperature, 0 greedy. @default 0 */
  reasoningTemperature?: number;
  /** Seed of trace sampling when reasoningTemperature > 0. @default 1 */
  seed?: number;
  /** Verdicts remembered per input (deterministic modes only; 0 disables). @default 4096 */
  cacheEntries?: number;
}

interface Job {
  /** <bos> + judge input tokens. */
  tokens: number[];
  key: string;
}

export class BuiltinJudge implements Judge {
  readonly mode = 'pointwise' as const;
  private readonly digitIds: Int32Array;
  private readonly scoreId: number;
  private readonly rng: Rng;
  private readonly cache = new Map<string, Verdict>();
  /** Longest judge input (with <bos>) that leaves room for the trace and "score". */
  private readonly maxInputTokens: number;

  private constructor(
    private readonly sampler: BuiltinSampler,
    readonly judgeMode: JudgeMode,
    readonly maxReasoningTokens: number,
    readonly reasoningTemperature: number,
    seed: number,
    private readonly cacheEntries: number,
  ) {
    const tok = sampler.tokenizer;
    const needed = [...Array.from({ length: SCORE_TOKENS }, (_, d) => String(d)), 'score', '|'];
    const missing = needed.filter((w) => tok.id(w) === UNK_ID);
    if (missing.length) throw new TribunalError('BAD_CONFIG', `builtin judge: vocabulary lacks ${missing.join(' ')}`);
    this.digitIds = Int32Array.from({ length: SCORE_TOKENS }, (_, d) => tok.id(String(d)));
    this.scoreId = tok.id('score');
    this.rng = new Rng(scrambleSeed(seed));
    const maxSeqLen = sampler.spec.maxSeqLen;
    this.maxInputTokens = judgeMode === 'reasoning' ? maxSeqLen - maxReasoningTokens - 1 : maxSeqLen;
    // <bos>, a prompt word, '|', '|', 'score' at the very least.
    if (this.maxInputTokens < 5) {
      throw new TribunalError('BAD_CONFIG', `builtin judge: maxSeqLen ${maxSeqLen} leaves no room for an input beside ${maxReasoningTokens} reasoning tokens`);
    }
  }

  static async open(opts: BuiltinJudgeOptions, weights: Uint8Array | null = null): Promise<BuiltinJudge> {
    const maxReasoningTokens = opts.maxReasoningTokens ?? 14;
    const temperature = opts.reasoningTemperature ?? 0;
    if (!Number.isInteger(maxReasoningTokens) || maxReasoningTokens < 1) {
      throw new TribunalError('BAD_CONFIG', `builtin judge: maxReasoningTokens must be a positive integer, got ${maxReasoningTokens}`);
    }
    if (!(temperature >= 0)) throw new TribunalError('BAD_CONFIG', `builtin judge: reasoningTemperature must be >= 0, got ${temperature}`);
    const sampler = await BuiltinSampler.create({ model: opts.model, vocab: opts.vocab, backend: opts.backend });
    try {
      const judge = new BuiltinJudge(sampler, opts.judgeMode, maxReasoningTokens, temperature, opts.seed ?? 1, opts.cacheEntries ?? 4096);
      if (weights) await sampler.loadWeights(0, weights);
      return judge;
    } catch (e) {
      await sampler.close();
      throw e;
    }
  }

  /** From the engine config (registry.ts); `weights` is a blob from a trained judge, or null for fresh weights. */
  static create(e: BuiltinEngineConfig, vocab: readonly string[], weights: Uint8Array | null): Promise<BuiltinJudge> {
    return BuiltinJudge.open({
      model: { dModel: e.dModel, layers: e.layers, heads: e.heads, ffMult: e.ffMult, maxSeqLen: e.maxSeqLen, seed: e.seed },
      vocab, backend: e.tfBackend, judgeMode: e.judgeMode,
      maxReasoningTokens: e.maxReasoningTokens, reasoningTemperature: e.reasoningTemperature, seed: e.seed,
    }, weights);
  }

  get tokenizer(): WordTokenizer {
    return this.sampler.tokenizer;
  }

  get version(): number {
    return this.sampler.version;
  }

  /** Replaces the judge's weights (e.g. after judge GRPO); forgets cached verdicts. */
  async loadWeights(version: number, blob: Uint8Array): Promise<void> {
    await this.sampler.loadWeights(version, blob);
    this.cache.clear();
  }

  /**
   * <bos> + judgeInput(prompt, response) as token ids. A response too long for
   * the model's window (after room for the trace) keeps its first words: the
   * judge reads as far as its context allows, like any LLM judge.
   */
  inputTokens(prompt: string, response: string): number[] {
    const enc = (text: string) => Array.from(this.tokenizer.encode(text));
    const full = [BOS_ID, ...enc(judgeInput(prompt, response))];
    if (full.length <= this.maxInputTokens) return full;
    const words = response.trim().split(/\s+/).filter((w) => w !== '');
    const over = full.length - this.maxInputTokens;
    const kept = [BOS_ID, ...enc(judgeInput(prompt, words.slice(0, Math.max(0, words.length - over)).join(' ')))];
    if (kept.length > this.maxInputTokens) {
      throw new TribunalError('BAD_MESSAGE', `builtin judge: prompt "${prompt}" alone exceeds the judge's input window of ${this.maxInputTokens} tokens`);
    }
    return kept;
  }

  async scorePointwise(items: JudgeItem[]): Promise<Verdict[]> {
    const cacheable = this.cacheEntries > 0 && (this.judgeMode === 'direct' || this.reasoningTemperature === 0);
    const out = new Array<Verdict | undefined>(items.length);
    // Unique inputs not in the cache: a group often repeats a completion.
    const pending = new Map<string, { job: Job; at: number[] }>();
    items.forEach((it, i) => {
      const tokens = this.inputTokens(it.prompt, it.response);
      const key = tokens.join(',');
      const hit = cacheable ? this.cache.get(key) : undefined;
      if (hit) {
        out[i] = hit;
        return;
      }
      const slot = pending.get(key);
      if (slot && cacheable) slot.at.push(i);
      else pending.set(cacheable ? key : `${key}#${i}`, { job: { tokens, key }, at: [i] });
    });
    const slots = [...pending.values()];
    const verdicts = this.judgeMode === 'direct'
      ? await this.scoreDirect(slots.map((s) => s.job))
      : await this.scoreReasoning(slots.map((s) => s.job));
    slots.forEach((s, k) => {
      for (const i of s.at) out[i] = verdicts[k];
      if (cacheable) this.remember(s.job.key, verdicts[k]);
    });
    return out as Verdict[];
  }

  /**
   * P(a beats b) as a logistic function of the expected-score difference
   * (one score point of lead: 0.73; three: 0.95), so near-ties stay soft;
   * null when either verdict is invalid.
   */
  async comparePair(prompt: string, a: string, b: string): Promise<{ pA: number | null; reasoningTokens: number }> {
    const [va, vb] = await this.scorePointwise([{ prompt, response: a }, { prompt, response: b }]);
    const reasoningTokens = va.reasoningTokens + vb.reasoningTokens;
    if (!va.valid || !vb.valid || va.expected === null || vb.expected === null) return { pA: null, reasoningTokens };
    return { pA: 1 / (1 + Math.exp(-(va.expected - vb.expected))), reasoningTokens };
  }

  async close(): Promise<void> {
    this.cache.clear();
    await this.sampler.close();
  }

  private async scoreDirect(jobs: Job[]): Promise<Verdict[]> {
    const dists = await this.sampler.nextTokenDistribution(jobs.map((j) => Int32Array.from(j.tokens)));
    return dists.map((d) => this.verdictFromDistribution(d, 0));
  }

  /**
   * Writes every trace in one batch, one token per step (a full forward per
   * step: rows differ in length, and the KV cache needs equal lengths). A row
   * that emits "score" is read on the next step, whose next-token distribution
   * is the digit distribution; EOS or an exhausted budget before "score" is invalid.
   */
  private async scoreReasoning(jobs: Job[]): Promise<Verdict[]> {
    const out = new Array<Verdict>(jobs.length);
    const rows = jobs.map((j, k) => ({ k, prefix: j.tokens.slice(), start: j.tokens.length, trace: 0, saidScore: false }));
    // What the judge wrote before "score": its reasoning, kept on the verdict for people and diagnostics.
    const traceOf = (r: (typeof rows)[number]) => this.tokenizer.decode(Int32Array.from(r.prefix.slice(r.start, r.start + r.trace)));
    let active = rows;
    while (active.length > 0) {
      const dists = await this.sampler.nextTokenDistribution(active.map((r) => Int32Array.from(r.prefix)));
      const next: typeof rows = [];
      active.forEach((r, i) => {
        if (r.saidScore) {
          out[r.k] = { ...this.verdictFromDistribution(dists[i], r.trace), reasoningText: traceOf(r) };
          return;
        }
        const tok = this.pick(dists[i]);
        if (tok === this.scoreId) {
          r.prefix.push(tok);
          r.saidScore = true;
          next.push(r);
        } else if (tok === EOS_ID || r.trace >= this.maxReasoningTokens) {
          out[r.k] = { ...invalid(r.trace), reasoningText: traceOf(r) };
        } else {
          r.prefix.push(tok);
          r.trace += 1;
          next.push(r);
        }
      });
      active = next;
    }
    return out;
  }

  /** Greedy at temperature 0, else a draw from softmax(logits / T) = p^(1/T) renormalised. */
  private pick(dist: Float32Array): number {
    if (this.reasoningTemperature === 0) {
      let best = 0;
      for (let i = 1; i < dist.length; i++) if (dist[i] > dist[best]) best = i;
      return best;
    }
    const inv = 1 / this.reasoningTemperature;
    return this.rng.categorical(dist.map((p) => p ** inv));
  }

  /**
   * The verdict at the score position: expected score and distribution
   * renormalised over the digits, score = the most likely digit. Invalid when
   * no digit ranks within the VALID_TOP_K most likely tokens (the judge could
   * not have written a score) or the digits carry no mass.
   */
  verdictFromDistribution(dist: Float32Array, reasoningTokens: number): Verdict {
    let best = 0;
    for (let d = 1; d < SCORE_TOKENS; d++) if (dist[this.digitIds[d]] > dist[this.digitIds[best]]) best = d;
    const top = dist[this.digitIds[best]];
    let above = 0;
    for (let i = 0; i < dist.length; i++) if (dist[i] > top) above++;
    if (above >= VALID_TOP_K) return invalid(reasoningTokens);
    const mass: Record<string, number> = {};
    for (let d = 0; d < SCORE_TOKENS; d++) mass[d] = dist[this.digitIds[d]];
    const e = expectedScore(mass, { fromLogprobs: false });
    if (!e) return invalid(reasoningTokens);
    return { valid: true, score: best, expected: e.expected, distribution: e.distribution, reasoningTokens };
  }

  private remember(key: string, v: Verdict): void {
    this.cache.delete(key);
    this.cache.set(key, v);
    if (this.cache.size > this.cacheEntries) this.cache.delete(this.cache.keys().next().value as string);
  }
}

function invalid(reasoningTokens: number): Verdict {
  return { valid: false, score: null, expected: null, distribution: null, reasoningTokens };
}
