// The request a judge sends: chat (one user message, the filled template, and
// the thinking mode's fields) or completions (the filled template as the
// prompt), with the sampling parameters and logprobs with top_logprobs. Built
// in one fixed field order so equal requests give equal cache keys.
import type { OpenAIEngineConfig } from '../../config/engines/openai.ts';
import { reasoningFields } from './reasoning.ts';

export type JudgeRequestConfig = Pick<OpenAIEngineConfig, 'model' | 'temperature' | 'topP' | 'topK' | 'maxTokens' | 'topLogprobs' | 'reasoning'> & Partial<Pick<OpenAIEngineConfig, 'judgeApi'>>;

export function judgeRequestBody(cfg: JudgeRequestConfig, userText: string): Record<string, unknown> {
  if (cfg.judgeApi === 'completions') {
    return {
      model: cfg.model,
      prompt: userText,
      temperature: cfg.temperature,
      top_p: cfg.topP,
      ...(cfg.topK >= 1 ? { top_k: cfg.topK } : {}),
      max_tokens: cfg.maxTokens,
      ...(cfg.topLogprobs > 0 ? { logprobs: cfg.topLogprobs } : {}),
    };
  }
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
