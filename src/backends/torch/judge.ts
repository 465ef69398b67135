// TorchJudge: a Hugging Face model in a trainer service as an LLM judge. The
// judge prompt is the template filled with the item (in the chat template when
// configured); a direct judge reads the distribution of the score digit right
// after scorePrefix, a reasoning judge first writes its reasoning (until it
// writes scorePrefix itself, within maxReasoningTokens) and then the digit.
// The reward is the expected score over the digits' renormalised
// probabilities (the paper's); pairwise, the probability of [[A]] against
// [[B]]. Judging logic stays here; the service only tokenizes, samples and
// scores next tokens. Batched: one call per stage for all items, and the
// pointwise calls made while one runs (the judge actor's groups in flight) go
// as one batch when it returns.
import type { Logger } from '../../core/logger.ts';
import { TribunalError } from '../../core/errors.ts';
import type { TorchEngineConfig } from '../../config/engines/torch.ts';
import type { Judge, JudgeItem } from '../../engines/types.ts';
import type { Verdict } from '../../wire/messages.ts';
import { expectedScore } from '../../rl/rewards.ts';
import { fillTemplate, loadTemplate } from '../../judging/prompt-template.ts';
import { judgeInput } from '../../testbed/format.ts';
import { TorchModel } from './torch-model.ts';
import { packI32, unpackF32, unpackI32 } from './packing.ts';
import { BatchWhileBusy } from '../../core/batch-while-busy.ts';

const DIGITS = Array.from({ length: 10 }, (_, d) => String(d));
/** What the pairwise template asks the judge to end with: [[A]] or [[B]]. */
const PAIRWISE_PREFIX = '[[';

export class TorchJudge implements Judge {
  readonly mode: 'pointwise' | 'pairwise';

  private constructor(
    private readonly model: TorchModel,
    private readonly engine: TorchEngineConfig,
    private readonly pointwiseTemplate: string,
    private readonly pairwiseTemplate: string,
    /** Token id of each digit 0-9 and of A and B. */
    private readonly digitIds: number[],
    private readonly letterIds: number[],
  ) {
    this.mode = engine.judgeKind;
  }

  static async create(engine: TorchEngineConfig, opts: { seed: number; log: Logger }): Promise<TorchJudge> {
    if (engine.judgeInput === 'testbed' && engine.judgeKind === 'pairwise') throw new TribunalError('BAD_CONFIG', "torch judge: judgeInput 'testbed' is pointwise only");
    const pointwise = engine.judgeInput === 'testbed' ? '' : loadTemplate(engine.promptTemplate, ['prompt', 'response']);
    const pairwise = engine.judgeKind === 'pairwise' ? loadTemplate(engine.pairwiseTemplate, ['prompt', 'response_a', 'response_b']) : '';
    const model = await TorchModel.open({ engine, train: false, temperature: 1, seed: opts.seed, restartable: true, log: opts.log });
    try {
      const single = async (words: string[], what: string) => {
        const ids = await model.tokenize(words, { chatTemplate: false, addSpecialTokens: false });
        return ids.map((t, i) => {
          if (t.length !== 1) throw new TribunalError('BAD_CONFIG', `torch judge: ${what} '${words[i]}' is ${t.length} tokens in ${engine.model}'s tokenizer; a judge reads it as one token`);
          return t[0];
        });
      };
      return new TorchJudge(model, engine, pointwise, pairwise, await single(DIGITS, 'the score digit'), await single(['A', 'B'], 'the letter'));
    } catch (e) {
      await model.close();
      throw e;
    }
  }

  private readonly pointwise = new BatchWhileBusy<JudgeItem, Verdict>((items) => this.scoreBatch(items));

  scorePointwise(items: JudgeItem[]): Promise<Verdict[]> {
    return this.pointwise.submit(items);
  }

  private async scoreBatch(items: JudgeItem[]): Promise<Verdict[]> {
    const prompts = items.map((it) => (this.engine.judgeInput === 'testbed' ? judgeInput(it.prompt, it.response) : fillTemplate(this.pointwiseTemplate, { prompt: it.prompt, response: it.response })));
    const read = await this.readAnswers(prompts, this.engine.scorePrefix, this.digitIds);
    return read.map((r): Verdict => {
      const dist = r.logprobs && expectedScore(Object.fromEntries(DIGITS.map((d, i) => [d, r.logprobs![i]])), { fromLogprobs: true });
      const trace = this.engine.judgeMode === 'reasoning' ? { reasoningText: r.reasoningText } : {};
      if (!dist) return { valid: false, score: null, expected: null, distribution: null, reasoningTokens: r.reasoningTokens, ...trace };
      let best = 0;
      for (let d = 1; d < 10; d++) if (dist.distribution[d] > dist.distribution[best]) best = d;
      return { valid: true, score: best, expected: dist.expected, distribution: dist.distribution, reasoningTokens: r.reasoningTokens, ...trace };
    });
  }

  async comparePair(prompt: string, a: string, b: string): Promise<{ pA: number | null; reasoningTokens: number }> {
    const text = fillTemplate(this.pairwiseTemplate, { prompt, response_a: a, response_b: b });
    const [r] = await this.readAnswers([text], PAIRWISE_PREFIX, this.letterIds);
    if (!r.logprobs) return { pA: null, reasoningTokens: r.reasoningTokens };
    const [pa, pb] = r.logprobs.map(Math.exp);
    return { pA: pa + pb > 0 ? pa / (pa + pb) : null, reasoningTokens: r.reasoningTokens };
  }

  /**
   * The log-probabilities of `candidates` right after `answerPrefix` for each
   * prompt; a reasoning judge writes its reasoning first and must end it with
   * the prefix (null logprobs: the output was ill-formed, an invalid verdict).
   */
  private async readAnswers(prompts: string[], answerPrefix: string, candidates: number[]): Promise<{ logprobs: number[] | null; reasoningTokens: number; reasoningText: string }[]> {
    const promptIds = await this.model.tokenize(prompts, { chatTemplate: this.engine.chatTemplate, addSpecialTokens: true });
    const stop = answerPrefix.trimEnd();
    const [suffix] = await this.model.tokenize([answerPrefix.slice(stop.length)], { chatTemplate: false, addSpecialTokens: false });
    let prefixes: (Int32Array | null)[];
    let reasoning: number[];
    // What a reasoning judge wrote before the answer prefix (all it wrote, when it never got there).
    let texts: string[] = prompts.map(() => '');
    if (this.engine.judgeMode === 'direct') {
      const [prefixIds] = await this.model.tokenize([answerPrefix], { chatTemplate: false, addSpecialTokens: false });
      prefixes = promptIds.map((p) => concat(p, prefixIds));
      reasoning = prompts.map(() => 0);
    } else {
      const lengths = promptIds.map((p) => p.length);
      const flat = concat(...promptIds);
      const r = await this.model.call('Sample', {
        promptTokens: { promptLengthsI32: packI32(lengths), completionLengthsI32: packI32(lengths.map(() => 0)), tokensI32: packI32(flat) },
        n: 1, maxNewTokens: this.engine.maxReasoningTokens, temperature: this.engine.reasoningTemperature, seed: 0, stop: [stop],
      });
      prefixes = r.prompts.map((p, i) => {
        const c = p.completions[0];
        const wrote = c.finished && c.text.includes(stop);
        return wrote ? concat(promptIds[i], unpackI32(c.tokensI32, 'judge reasoning'), suffix) : null;
      });
      reasoning = r.prompts.map((p) => unpackI32(p.completions[0].tokensI32, 'judge reasoning').length);
      texts = r.prompts.map((p) => { const t = p.completions[0].text; const at = t.indexOf(stop); return (at >= 0 ? t.slice(0, at) : t).trim(); });
    }
    const asked = prefixes.flatMap((p, i) => (p ? [i] : []));
    const out = prompts.map((_, i) => ({ logprobs: null as number[] | null, reasoningTokens: reasoning[i], reasoningText: texts[i] }));
    if (asked.length === 0) return out;
    const r = await this.model.call('NextTokenLogprobs', {
      lengthsI32: packI32(asked.map((i) => prefixes[i]!.length)), tokensI32: packI32(concat(...asked.map((i) => prefixes[i]!))),
      candidatesI32: packI32(candidates), temperature: 1,
    });
    const lp = unpackF32(r.logprobsF32, 'NextTokenLogprobs');
    asked.forEach((i, k) => { out[i].logprobs = Array.from(lp.subarray(k * candidates.length, (k + 1) * candidates.length)); });
    return out;
  }

  /** Pid of the trainer service behind this engine (undefined for a sidecar). */
  get servicePid(): number | undefined {
    return this.model.servicePid;
  }

  close(): Promise<void> {
    return this.model.close();
  }
}

function concat(...parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
