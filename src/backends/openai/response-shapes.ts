// The parts of chat.completions and completions answers the engines read, as
// zod schemas (loose: servers add fields). An answer that fails them is a
// MalformedResponseError, which the endpoint retries like a 5xx.
import { z } from 'zod';
import { MalformedResponseError } from './retry-policy.ts';
import { formatZodIssue } from '../../core/zod-issue.ts';

const TopLogprob = z.object({ token: z.string(), logprob: z.number() });
export const TokenLogprob = TopLogprob.extend({ top_logprobs: z.array(TopLogprob).nullish() });
export type TokenLogprob = z.infer<typeof TokenLogprob>;

export const Usage = z.object({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).nullish(),
}).nullish();
export type Usage = z.infer<typeof Usage>;

export const ChatChoice = z.object({
  message: z.object({
    content: z.string().nullish(),
    /** vLLM < 0.11 and SGLang. */
    reasoning_content: z.string().nullish(),
    /** vLLM >= 0.11, OpenRouter, Ollama. */
    reasoning: z.string().nullish(),
  }),
  logprobs: z.object({ content: z.array(TokenLogprob).nullish() }).nullish(),
  finish_reason: z.string().nullish(),
  /** vLLM with return_token_ids. */
  token_ids: z.array(z.number().int()).nullish(),
});
export type ChatChoice = z.infer<typeof ChatChoice>;

export const ChatAnswer = z.object({
  choices: z.array(ChatChoice).min(1),
  usage: Usage,
  prompt_token_ids: z.array(z.number().int()).nullish(),
});
export type ChatAnswer = z.infer<typeof ChatAnswer>;

export const CompletionChoice = z.object({
  index: z.number().int().nullish(),
  text: z.string(),
  logprobs: z.object({
    tokens: z.array(z.string()).nullish(),
    token_logprobs: z.array(z.number().nullable()).nullish(),
    /** One {token: logprob} map per position (the legacy completions shape). */
    top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).nullish(),
  }).nullish(),
  finish_reason: z.string().nullish(),
  token_ids: z.array(z.number().int()).nullish(),
  prompt_token_ids: z.array(z.number().int()).nullish(),
});
export type CompletionChoice = z.infer<typeof CompletionChoice>;

export const CompletionAnswer = z.object({
  choices: z.array(CompletionChoice).min(1),
  usage: Usage,
});
export type CompletionAnswer = z.infer<typeof CompletionAnswer>;

/** Checks an answer against its schema; throws MalformedResponseError naming the first bad field. */
export function readAnswer<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new MalformedResponseError(`${what}: malformed answer at ${formatZodIssue(r.error)}`);
}

/**
 * A completions choice read as a chat one, so a judge parses both alike:
 * logprobs in the chat shape, and text before the last "Score:" taken as the
 * reasoning (a judge trained on the raw template writes it in plain text).
 */
export function chatChoiceOfCompletion(c: CompletionChoice): ChatChoice {
  const lp = c.logprobs;
  const content = (lp?.tokens ?? []).map((token, k) => ({
    token, logprob: lp?.token_logprobs?.[k] ?? -Infinity,
    top_logprobs: Object.entries(lp?.top_logprobs?.[k] ?? {}).map(([t, logprob]) => ({ token: t, logprob })),
  }));
  const at = c.text.search(/Score\s*:(?![\s\S]*Score\s*:)/i);
  const reasoning = at > 0 ? c.text.slice(0, at).trim() : '';
  return {
    message: { content: at > 0 ? c.text.slice(at) : c.text, reasoning_content: reasoning || null },
    logprobs: lp?.tokens ? { content } : null,
    finish_reason: c.finish_reason,
  };
}
