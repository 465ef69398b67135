// Thinking modes on the wire and reasoning read back. Qwen3-style models switch
// thinking with chat_template_kwargs.enable_thinking; gpt-oss-style models take
// reasoning_effort. Reasoning comes back in message.reasoning_content (vLLM <
// 0.11, SGLang), message.reasoning (newer vLLM) or <think> blocks in content.
import type { ReasoningMode } from '../../config/engines/openai.ts';
import { splitReasoning } from '../../judging/parse-verdict.ts';
import type { ChatChoice, Usage } from './response-shapes.ts';

/** Extra request body fields for a reasoning mode. */
export function reasoningFields(mode: ReasoningMode): Record<string, unknown> {
  switch (mode) {
    case 'off':
      return { chat_template_kwargs: { enable_thinking: false } };
    case 'on':
      return { chat_template_kwargs: { enable_thinking: true } };
    default:
      return { reasoning_effort: mode };
  }
}

export interface ReadReasoning {
  /** The reasoning text ('' when none). */
  text: string;
  /** The answer with any <think> blocks removed. */
  answer: string;
  tokens: number;
  /** True when tokens is a whitespace-split estimate rather than the server's count. */
  estimated: boolean;
}

/** Whitespace-separated pieces: a rough token count when the server gives none. */
export function estimateTokens(text: string): number {
  const t = text.trim();
  return t ? t.split(/\s+/).length : 0;
}

/**
 * Reasoning of one choice. The server's usage.completion_tokens_details.reasoning_tokens
 * is used when present (it counts the whole answer, so only for n = 1);
 * otherwise the whitespace estimate of the text.
 */
export function readReasoning(choice: ChatChoice, usage: Usage): ReadReasoning {
  const content = choice.message.content ?? '';
  const split = splitReasoning(content);
  const field = choice.message.reasoning_content ?? choice.message.reasoning ?? '';
  const text = [field.trim(), split.reasoning].filter(Boolean).join('\n\n');
  const reported = usage?.completion_tokens_details?.reasoning_tokens;
  if (typeof reported === 'number' && reported >= 0) return { text, answer: split.answer.trim(), tokens: reported, estimated: false };
  return { text, answer: split.answer.trim(), tokens: estimateTokens(text), estimated: true };
}
