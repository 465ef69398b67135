// The openai backend's options (any OpenAI-compatible server: vLLM, SGLang,
// llama.cpp, Ollama): one zod schema is the shape, the defaults and the docs.
// What the options do is left to src/backends/openai/, which reads them.
import { z } from 'zod';
import { TribunalError } from '../../core/errors.ts';
import { formatZodIssue } from '../../core/zod-issue.ts';

export const ReasoningMode = z.enum(['off', 'on', 'low', 'medium', 'high']);
export type ReasoningMode = z.infer<typeof ReasoningMode>;

export const OpenAIEngineConfig = z.object({
  backend: z.literal('openai'),
  baseUrl: z.string().url().describe('OpenAI-compatible base URL including the version path, e.g. http://vllm:8000/v1.'),
  model: z.string().min(1).describe('Served model name (or base model when the sampler loads LoRA adapters).'),
  apiKeyEnv: z.string().min(1).default('OPENAI_API_KEY').describe('Name of the env var that holds the API key; the key itself never sits in config.'),
  maxInFlight: z.number().int().positive().default(32).describe('Most HTTP requests in flight to this endpoint from one engine.'),
  timeoutMs: z.number().int().positive().default(120_000).describe('Per attempt, not per call: a call may take (maxRetries + 1) timeouts plus backoff.'),
  maxRetries: z.number().int().nonnegative().default(4).describe('Retries after the first attempt on 429, 5xx, connection errors, timeouts, malformed bodies.'),
  retryBaseMs: z.number().int().nonnegative().default(250).describe('First backoff step; doubles per retry, full jitter, capped at retryMaxMs (Retry-After wins).'),
  retryMaxMs: z.number().int().positive().default(10_000).describe('Ceiling of one backoff delay.'),
  temperature: z.number().nonnegative().default(0).describe('Sampling temperature of judge requests (the sampler uses rl.temperature).'),
  topP: z.number().gt(0).max(1).default(1).describe('Nucleus sampling of judge requests (paper: 0.95 during RL).'),
  topK: z.number().int().default(-1).describe('-1: no top-k (vLLM\'s convention). Sent only when >= 1.'),
  maxTokens: z.number().int().positive().default(4096).describe('Judge: tokens per answer at most, reasoning included.'),
  reasoning: ReasoningMode.default('off').describe('off/on: Qwen3-style chat_template_kwargs.enable_thinking; low/medium/high: gpt-oss-style reasoning_effort.'),
  mode: z.enum(['pointwise', 'pairwise']).default('pointwise').describe('Judge: a 0-9 score per response, or preferences between pairs of a group.'),
  promptTemplate: z.string().min(1).default('templates/pointwise-judge.txt').describe('Pointwise template file with {prompt} and {response}; relative paths: cwd, then the package root.'),
  pairwiseTemplate: z.string().min(1).default('templates/pairwise-judge.txt').describe('Pairwise template file with {prompt}, {response_a} and {response_b}.'),
  scoreLow: z.number().int().min(0).max(9).default(0).describe('Score range of the pointwise rubric (the paper\'s 0-9).'),
  scoreHigh: z.number().int().min(0).max(9).default(9).describe('Top of the score range.'),
  topLogprobs: z.number().int().min(0).max(20).default(20).describe('top_logprobs asked for at each position (vLLM allows up to 20 by default).'),
  cache: z.boolean().default(true).describe('Keep identical judge requests\' verdicts (key: model + messages + params).'),
  cacheEntries: z.number().int().positive().default(10_000).describe('Verdicts the cache keeps (least recently used go first).'),
  circuitBreaker: z.object({
    failures: z.number().int().positive().default(5).describe('Consecutive failed attempts (5xx, connection, timeout, malformed) that open the breaker.'),
    cooldownMs: z.number().int().positive().default(10_000).describe('Open time before one probe request is let through (half-open).'),
  }).prefault({}).describe('failures: consecutive failed attempts that open it; cooldownMs: open time before one probe.'),
  judgeApi: z.enum(['chat', 'completions']).default('chat').describe("Judge: chat (the server applies the model's chat template; thinking switches apply) or completions (the filled template sent as it is, for judges fine-tuned on the raw template, such as tribunal study's)."),
  samplerApi: z.enum(['completions', 'chat']).default('completions').describe('Sampler: which API draws completions.'),
  vllmTokenIds: z.boolean().default(true).describe('Sampler: ask vLLM for token ids (return_tokens_as_token_ids, return_token_ids).'),
  loraPrefix: z.string().min(1).default('tribunal-policy').describe('Sampler: LoRA adapter names are `${loraPrefix}-v${version}`.'),
  fullWeights: z.enum(['none', 'sglang', 'vllm']).default('none').describe("Sampler: how full-weight exports (a torch learner without LoRA) reach the server: 'sglang' reloads them in place (/update_weights_from_disk, /flush_cache, the version checked); 'vllm' through its dev-mode endpoints (VLLM_SERVER_DEV_MODE=1: /collective_rpc reload_weights, /reset_prefix_cache); 'none' refuses them."),
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
