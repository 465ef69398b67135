// The chat request a judge sends: one user message (the filled template), the
// sampling parameters, logprobs with top_logprobs, and the thinking mode's
// fields. Built in one fixed field order so equal requests give equal cache keys.
import type { OpenAIEngineConfig } from '../../config/engines/openai.ts';
import { reasoningFields } from './reasoning.ts';

export type JudgeRequestConfig = Pick<OpenAIEngineConfig, 'model' | 'temperature' | 'topP' | 'topK' | 'maxTokens' | 'topLogprobs' | 'reasoning'>;

export function judgeRequestBody(cfg: JudgeRequestConfig, userText: string): Record<string, unknown> {
  return {
    model: cfg.model,
    messages: [{ role: 'user', content: userText }],
    temperature: cfg.temperature,
    top_p: cfg.topP,
    ...(cfg.topK >= 1 ? { top_k: cfg.topK } : {}),
    max_tokens: cfg.maxTokens,
    ...(cfg.topLogprobs > 0 ? { logprobs: true, top_logprobs: cfg.topLogprobs } : {}),
    ...reasoningFields(cfg.reasoning),
  };
}
