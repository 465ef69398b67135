// Judge over an OpenAI-compatible server: fills the rubric template, asks for
// logprobs, and turns the answer into a Verdict (expected score from the score
// token's top_logprobs, else the parsed integer). Endpoint robustness is
// endpoint.ts's; text parsing is src/judging/parse-verdict.ts's.
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { CompletionCreateParamsNonStreaming } from 'openai/resources/completions';
import type { Judge, JudgeItem } from '../../engines/types.ts';
import type { Verdict } from '../../wire/messages.ts';
import { parsePairwiseVerdict, parsePointwiseVerdict } from '../../judging/parse-verdict.ts';
import { expectedScore } from '../../rl/rewards.ts';
import { parseOpenAIEngineConfig, readApiKey, type OpenAIEngineConfig } from '../../config/engines/openai.ts';
import { Endpoint } from './endpoint.ts';
import { judgeRequestBody } from './judge-request.ts';
import { LruCache, requestKey } from './lru-cache.ts';
import { fillTemplate, loadTemplate } from '../../judging/prompt-template.ts';
import { readReasoning } from './reasoning.ts';
import { ChatAnswer, CompletionAnswer, chatChoiceOfCompletion, readAnswer } from './response-shapes.ts';
import { preferenceFromLogprobs, scoreTokenMass } from './score-logprobs.ts';
import { UsageMeter, type UsageSnapshot } from './usage-meter.ts';

export interface PairVerdict {
  /** P(a beats b): soft from the A/B token's logprobs when present, else 1 or 0; null when invalid. */
  pA: number | null;
  reasoningTokens: number;
}

export interface OpenAIJudgeOptions {
  /** Share one endpoint (its in-flight bound and breaker) between engines on the same server. */
  endpoint?: Endpoint;
}

export class OpenAIJudge implements Judge {
  readonly mode: 'pointwise' | 'pairwise';
  readonly config: OpenAIEngineConfig;
  readonly endpoint: Endpoint;
  /** Tokens, requests, failures, cache hits and invalid verdicts of this judge. */
  readonly usage = new UsageMeter();
  private readonly ownsEndpoint: boolean;
  private readonly pointwiseTemplate: string;
  private readonly pairwiseTemplate: string;
  /** Promises, so identical concurrent requests share one HTTP call. */
  private readonly cache: LruCache<Promise<Verdict | PairVerdict>> | null;

  constructor(config: OpenAIEngineConfig, opts: OpenAIJudgeOptions = {}) {
    this.config = config;
    this.mode = config.mode;
    this.pointwiseTemplate = loadTemplate(config.promptTemplate, ['prompt', 'response']);
    this.pairwiseTemplate = loadTemplate(config.pairwiseTemplate, ['prompt', 'response_a', 'response_b']);
    this.ownsEndpoint = opts.endpoint === undefined;
    this.endpoint = opts.endpoint ?? new Endpoint({ ...config, apiKey: readApiKey(config) });
    this.cache = config.cache ? new LruCache(config.cacheEntries) : null;
  }

  /** From raw config (validated, defaults filled). */
  static fromConfig(input: unknown, opts: OpenAIJudgeOptions = {}): OpenAIJudge {
    return new OpenAIJudge(parseOpenAIEngineConfig(input), opts);
  }

  usageSnapshot(): UsageSnapshot {
    return this.usage.snapshot();
  }

  /**
   * One verdict per item, in order. Unparseable output is an invalid verdict;
   * an endpoint that keeps failing throws TribunalError (UNAVAILABLE, TIMEOUT, ENGINE).
   */
  scorePointwise(items: JudgeItem[]): Promise<Verdict[]> {
    return Promise.all(items.map((it) => this.scoreOne(it)));
  }

  scoreOne(item: JudgeItem): Promise<Verdict> {
    const text = fillTemplate(this.pointwiseTemplate, { prompt: item.prompt, response: item.response });
    return this.cached(judgeRequestBody(this.config, text), (body) => this.askPointwise(body)) as Promise<Verdict>;
  }

  comparePair(prompt: string, a: string, b: string): Promise<PairVerdict> {
    const text = fillTemplate(this.pairwiseTemplate, { prompt, response_a: a, response_b: b });
    return this.cached(judgeRequestBody(this.config, text), (body) => this.askPairwise(body)) as Promise<PairVerdict>;
  }

  async close(): Promise<void> {
    if (this.ownsEndpoint) this.endpoint.close();
  }

  private cached<T extends Verdict | PairVerdict>(body: Record<string, unknown>, ask: (body: Record<string, unknown>) => Promise<T>): Promise<T> {
    if (!this.cache) return ask(body);
    const key = requestKey(body);
    const hit = this.cache.get(key);
    if (hit) {
      this.usage.add('cacheHits');
      return hit as Promise<T>;
    }
    const p = ask(body);
    this.cache.set(key, p);
    // A failed request is not an answer: drop it so the next identical request tries again.
    p.catch(() => this.cache!.delete(key));
    return p;
  }

  /** One request; a completions answer comes back in the chat shape (response-shapes.ts). */
  private async ask(body: Record<string, unknown>, what: string): Promise<ChatAnswer> {
    const answer = await this.endpoint.call(
      what,
      async (client, o): Promise<ChatAnswer> => {
        if (this.config.judgeApi === 'chat') return readAnswer(ChatAnswer, await client.chat.completions.create(body as unknown as ChatCompletionCreateParamsNonStreaming, o), what);
        const c = readAnswer(CompletionAnswer, await client.completions.create(body as unknown as CompletionCreateParamsNonStreaming, o), what);
        return { choices: c.choices.map(chatChoiceOfCompletion), usage: c.usage };
      },
      this.usage,
    );
    this.usage.addUsage(answer.usage);
    return answer;
  }

  private async askPointwise(body: Record<string, unknown>): Promise<Verdict> {
    const answer = await this.ask(body, 'judge pointwise');
    const choice = answer.choices[0];
    const reasoning = readReasoning(choice, answer.usage);
    this.usage.addReasoning(reasoning.tokens, reasoning.estimated);
    const range = { low: this.config.scoreLow, high: this.config.scoreHigh };
    const parsed = parsePointwiseVerdict(choice.message.content ?? '', range);
    if (!parsed.valid || parsed.score === null) {
      this.usage.add('invalidVerdicts');
      return { valid: false, score: null, expected: null, distribution: null, reasoningTokens: reasoning.tokens, reasoningText: reasoning.text };
    }
    const mass = scoreTokenMass(choice.logprobs?.content, parsed.score, range);
    const soft = mass ? expectedScore(mass, { fromLogprobs: false }) : null;
    if (soft) this.usage.add('logprobVerdicts');
    return {
      valid: true,
      score: parsed.score,
      expected: soft ? soft.expected : parsed.score,
      distribution: soft ? (soft.distribution as Float32Array<ArrayBuffer>) : null,
      reasoningTokens: reasoning.tokens,
      reasoningText: reasoning.text,
    };
  }

  private async askPairwise(body: Record<string, unknown>): Promise<PairVerdict> {
    const answer = await this.ask(body, 'judge pairwise');
    const choice = answer.choices[0];
    const reasoning = readReasoning(choice, answer.usage);
    this.usage.addReasoning(reasoning.tokens, reasoning.estimated);
    const parsed = parsePairwiseVerdict(choice.message.content ?? '');
    if (!parsed.valid || parsed.preferred === null) {
      this.usage.add('invalidVerdicts');
      return { pA: null, reasoningTokens: reasoning.tokens };
    }
    const soft = preferenceFromLogprobs(choice.logprobs?.content, parsed.preferred);
    if (soft !== null) this.usage.add('logprobVerdicts');
    return { pA: soft ?? (parsed.preferred === 'A' ? 1 : 0), reasoningTokens: reasoning.tokens };
  }
}
