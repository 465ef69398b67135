// The openai backend's options: one zod schema is the shape, the defaults and
// the docs. Compiling (defaults filled, key read from the env) lives here too;
// what the options do is left to the engine files that read them.
import { z } from 'zod';
import { TribunalError } from '../../core/errors.ts';
import { formatZodIssue } from '../../core/zod-issue.ts';

export const ReasoningMode = z.enum(['off', 'on', 'low', 'medium', 'high']);
export type ReasoningMode = z.infer<typeof ReasoningMode>;

export const OpenAIEngineConfig = z.object({
  backend: z.literal('openai'),
  /** OpenAI-compatible base URL including the version path, e.g. http://vllm:8000/v1. */
  baseUrl: z.string().url(),
  /** Served model name (or base model when the sampler loads LoRA adapters). */
  model: z.string().min(1),
  /** Name of the env var that holds the API key; the key itself never sits in config. */
  apiKeyEnv: z.string().min(1).default('OPENAI_API_KEY'),
  /** Most HTTP requests in flight to this endpoint from one engine. */
  maxInFlight: z.number().int().positive().default(32),
  /** Per attempt, not per call: a call may take (maxRetries + 1) timeouts plus backoff. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** Retries after the first attempt on 429, 5xx, connection errors, timeouts, malformed bodies. */
  maxRetries: z.number().int().nonnegative().default(4),
  /** First backoff step; doubles per retry, full jitter, capped at retryMaxMs (Retry-After wins). */
  retryBaseMs: z.number().int().nonnegative().default(250),
  retryMaxMs: z.number().int().positive().default(10_000),
  temperature: z.number().nonnegative().default(0),
  topP: z.number().gt(0).max(1).default(1),
  /** -1: no top-k (vLLM's convention). Sent only when >= 1. */
  topK: z.number().int().default(-1),
  maxTokens: z.number().int().positive().default(4096),
  /**
   * off/on: Qwen3-style chat_template_kwargs.enable_thinking;
   * low/medium/high: gpt-oss-style reasoning_effort.
   */
  reasoning: ReasoningMode.default('off'),
  mode: z.enum(['pointwise', 'pairwise']).default('pointwise'),
  /** Pointwise template file with {prompt} and {response}; relative paths: cwd, then the package root. */
  promptTemplate: z.string().min(1).default('templates/pointwise-judge.txt'),
  /** Pairwise template file with {prompt}, {response_a} and {response_b}. */
  pairwiseTemplate: z.string().min(1).default('templates/pairwise-judge.txt'),
  /** Score range of the pointwise rubric (the paper's 0-9). */
  scoreLow: z.number().int().min(0).max(9).default(0),
  scoreHigh: z.number().int().min(0).max(9).default(9),
  /** top_logprobs asked for at each position (vLLM allows up to 20 by default). */
  topLogprobs: z.number().int().min(0).max(20).default(20),
  /** Keep identical judge requests' verdicts (key: model + messages + params). */
  cache: z.boolean().default(true),
  cacheEntries: z.number().int().positive().default(10_000),
  circuitBreaker: z.object({
    /** Consecutive failed attempts (5xx, connection, timeout, malformed) that open the breaker. */
    failures: z.number().int().positive().default(5),
    /** Open time before one probe request is let through (half-open). */
    cooldownMs: z.number().int().positive().default(10_000),
  }).prefault({}),
  /** Sampler: which API draws completions. */
  samplerApi: z.enum(['completions', 'chat']).default('completions'),
  /** Sampler: ask vLLM for token ids (return_tokens_as_token_ids, return_token_ids). */
  vllmTokenIds: z.boolean().default(true),
  /** Sampler: LoRA adapter names are `${loraPrefix}-v${version}`. */
  loraPrefix: z.string().min(1).default('tribunal-policy'),
}).refine((c) => c.scoreLow < c.scoreHigh, { message: 'scoreLow must be below scoreHigh', path: ['scoreHigh'] });

export type OpenAIEngineConfigInput = z.input<typeof OpenAIEngineConfig>;
export type OpenAIEngineConfig = z.output<typeof OpenAIEngineConfig>;

/** Every default, for docs and for callers that build a config by hand. */
export const OPENAI_ENGINE_DEFAULTS = OpenAIEngineConfig.parse({
  backend: 'openai',
  baseUrl: 'http://127.0.0.1:8000/v1',
  model: 'default',
});

/** Validates and fills defaults; a bad config is a BAD_CONFIG error naming the field. */
export function parseOpenAIEngineConfig(input: unknown): OpenAIEngineConfig {
  const r = OpenAIEngineConfig.safeParse(input);
  if (r.success) return r.data;
  throw new TribunalError('BAD_CONFIG', `openai engine config: ${formatZodIssue(r.error)}`);
}

/**
 * The API key from the env var the config names. Local servers (vLLM, SGLang)
 * need none; the openai client refuses an empty key, so a placeholder goes out.
 */
export function readApiKey(cfg: Pick<OpenAIEngineConfig, 'apiKeyEnv'>, env: NodeJS.ProcessEnv = process.env): string {
  return env[cfg.apiKeyEnv] || 'EMPTY';
}
