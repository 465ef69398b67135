// Sampler over an OpenAI-compatible server: G completions per prompt with the
// sampled tokens' logprobs (the behaviour policy mu), via /v1/completions or
// chat. Weights versions are LoRA adapters loaded at runtime (lora-sync.ts).
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { CompletionCreateParamsNonStreaming } from 'openai/resources/completions';
import { TribunalError } from '../../core/errors.ts';
import type { Completion, WeightsRef } from '../../wire/messages.ts';
import type { SampleRequest, SampleResult, Sampler } from '../../engines/types.ts';
import { parseOpenAIEngineConfig, readApiKey, type OpenAIEngineConfig } from '../../config/engines/openai.ts';
import { Endpoint } from './endpoint.ts';
import { LoraSync, decodeLoraRef, loraName } from './lora-sync.ts';
import { FullWeightsSync } from './full-weights-sync.ts';
import { reasoningFields } from './reasoning.ts';
import { ChatAnswer, CompletionAnswer, readAnswer } from './response-shapes.ts';
import { hashedPromptIds, tokenIdsOf, type TokenIdSource } from './token-ids.ts';
import { UsageMeter, type UsageSnapshot } from './usage-meter.ts';

export interface OpenAISamplerOptions {
  endpoint?: Endpoint;
  /** Longest wait for in-flight samples on an old adapter before unloading it anyway. */
  drainMs?: number;
}

export class OpenAISampler implements Sampler {
  readonly config: OpenAIEngineConfig;
  readonly endpoint: Endpoint;
  readonly usage = new UsageMeter();
  readonly lora: LoraSync;
  readonly fullWeights: FullWeightsSync;
  /** Where the last sample's token ids came from ('hashed': stand-ins, see token-ids.ts). */
  lastTokenIdSource: TokenIdSource | null = null;
  private versionNow = 0;
  /** Model name requests go to: the base model, then the current adapter. */
  private modelName: string;
  private readonly inFlightByModel = new Map<string, number>();
  private readonly drainMs: number;
  private readonly ownsEndpoint: boolean;

  constructor(config: OpenAIEngineConfig, opts: OpenAISamplerOptions = {}) {
    this.config = config;
    this.modelName = config.model;
    this.ownsEndpoint = opts.endpoint === undefined;
    this.endpoint = opts.endpoint ?? new Endpoint({ ...config, apiKey: readApiKey(config) });
    this.lora = new LoraSync(this.endpoint, this.usage);
    this.fullWeights = new FullWeightsSync(this.endpoint, this.usage, config.fullWeights === 'vllm' ? 'vllm' : 'sglang');
    this.drainMs = opts.drainMs ?? 60_000;
  }

  static fromConfig(input: unknown, opts: OpenAISamplerOptions = {}): OpenAISampler {
    return new OpenAISampler(parseOpenAIEngineConfig(input), opts);
  }

  get version(): number {
    return this.versionNow;
  }

  /** The model name samples go to now. */
  get model(): string {
    return this.modelName;
  }

  usageSnapshot(): UsageSnapshot {
    return this.usage.snapshot();
  }

  async sample(req: SampleRequest): Promise<SampleResult> {
    const model = this.modelName;
    this.inFlightByModel.set(model, (this.inFlightByModel.get(model) ?? 0) + 1);
    try {
      return this.config.samplerApi === 'chat' ? await this.sampleChat(model, req) : await this.sampleCompletions(model, req);
    } finally {
      this.inFlightByModel.set(model, this.inFlightByModel.get(model)! - 1);
    }
  }

  /**
   * Loads version `version`'s adapter (blob: a LoRA reference, see lora-sync.ts),
   * switches new samples to it, then unloads the previous adapter once its
   * in-flight samples finish (or drainMs passes).
   */
  /** A LoRA adapter by reference (a torch learner's export), or the older JSON reference blob. */
  async loadWeights(version: number, weights: Uint8Array | WeightsRef): Promise<void> {
    if (version < this.versionNow) throw new TribunalError('STALE', `openai sampler: version ${version} is older than loaded ${this.versionNow}`);
    if (!(weights instanceof Uint8Array) && weights.kind === 'memory') {
      throw new TribunalError('BAD_WEIGHTS', `openai sampler: weights v${version} live in the memory of the learner's trainer service at ${weights.path} (colocated torch sampling); a server loads exported dirs: set engines.policy to this openai engine for every actor`);
    }
    if (!(weights instanceof Uint8Array) && weights.kind === 'full') {
      if (this.config.fullWeights === 'none') {
        throw new TribunalError('BAD_WEIGHTS', `openai sampler: weights v${version} are a full model dir; set fullWeights: sglang (SGLang) or vllm (vLLM with VLLM_SERVER_DEV_MODE=1), or export LoRA adapters (lora.rank > 0)`);
      }
      await this.drained(this.modelName); // vLLM reloads under running requests; let ours finish first
      await this.fullWeights.load(weights.path, version);
      this.versionNow = version;
      return;
    }
    const path = weights instanceof Uint8Array ? decodeLoraRef(weights) : weights.path;
    const name = loraName(this.config.loraPrefix, version);
    await this.lora.load(name, path);
    const old = this.modelName;
    this.modelName = name;
    this.versionNow = version;
    if (old !== this.config.model && old !== name) {
      await this.drained(old);
      await this.lora.unload(old);
    }
  }

  async close(): Promise<void> {
    if (this.ownsEndpoint) this.endpoint.close();
  }

  private async drained(model: string): Promise<void> {
    const deadline = Date.now() + this.drainMs;
    while ((this.inFlightByModel.get(model) ?? 0) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  private commonParams(req: SampleRequest) {
    const c = this.config;
    return {
      n: req.n,
      max_tokens: req.maxNewTokens,
      temperature: req.temperature,
      top_p: c.topP,
      ...(c.topK >= 1 ? { top_k: c.topK } : {}),
      ...(req.seed !== undefined ? { seed: req.seed } : {}),
      ...(c.vllmTokenIds ? { return_tokens_as_token_ids: true, return_token_ids: true } : {}),
    };
  }

  private async sampleCompletions(model: string, req: SampleRequest): Promise<SampleResult> {
    const body = { model, prompt: req.prompt, ...this.commonParams(req), logprobs: 1 };
    const answer = await this.endpoint.call('sample (completions)', async (client, o) =>
      readAnswer(CompletionAnswer, await client.completions.create(body as unknown as CompletionCreateParamsNonStreaming, o), 'sample'), this.usage);
    this.usage.addUsage(answer.usage);
    const choices = [...answer.choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    const completionsG = choices.map((ch): Completion => {
      const tokens = ch.logprobs?.tokens;
      const lps = ch.logprobs?.token_logprobs;
      if (!tokens || !lps || tokens.length !== lps.length) throw noLogprobs(this.endpoint.baseUrl);
      return this.completion(ch.text, tokens, lps, ch.token_ids, ch.finish_reason);
    });
    const promptIds = choices[0].prompt_token_ids;
    return { promptTokens: promptIds ? Int32Array.from(promptIds) : hashedPromptIds(req.prompt), completionsG };
  }

  private async sampleChat(model: string, req: SampleRequest): Promise<SampleResult> {
    const body = {
      model,
      messages: [{ role: 'user', content: req.prompt }],
      ...this.commonParams(req),
      logprobs: true,
      top_logprobs: 0,
      ...reasoningFields(this.config.reasoning),
    };
    const answer = await this.endpoint.call('sample (chat)', async (client, o) =>
      readAnswer(ChatAnswer, await client.chat.completions.create(body as unknown as ChatCompletionCreateParamsNonStreaming, o), 'sample'), this.usage);
    this.usage.addUsage(answer.usage);
    const completionsG = answer.choices.map((ch): Completion => {
      const content = ch.logprobs?.content;
      if (!content) throw noLogprobs(this.endpoint.baseUrl);
      return this.completion(ch.message.content ?? '', content.map((t) => t.token), content.map((t) => t.logprob), ch.token_ids, ch.finish_reason);
    });
    const promptIds = answer.prompt_token_ids;
    return { promptTokens: promptIds ? Int32Array.from(promptIds) : hashedPromptIds(req.prompt), completionsG };
  }

  private completion(text: string, tokensT: string[], logprobsT: (number | null)[], serverIds: number[] | null | undefined, finish: string | null | undefined): Completion {
    const { idsT, source } = tokenIdsOf(tokensT, serverIds);
    this.lastTokenIdSource = source;
    // A null logprob only appears for echoed prompt tokens, which we never ask for.
    return { text, tokensT: idsT, logprobsT: Float32Array.from(logprobsT, (x) => x ?? 0), finished: finish === 'stop' };
  }
}

function noLogprobs(baseUrl: string): TribunalError {
  return new TribunalError('ENGINE', `sampler at ${baseUrl}: the server returned no per-token logprobs; off-policy correction needs them (does it support logprobs?)`);
}
