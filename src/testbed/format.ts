// How the testbed's items are written as word sequences for models: the
// policy's prompt, a judge's input, and the judge's training targets.
// Tokenizing the words (and bos/eos) is the engine's job.
import { TribunalError } from '../core/errors.ts';
import type { TestbedPrompt } from './tasks.ts';

type PromptLike = TestbedPrompt | string;
const text = (p: PromptLike): string => (typeof p === 'string' ? p : p.text);
const squash = (s: string): string => s.trim().split(/\s+/).filter((w) => w !== '').join(' ');

/** What the policy is conditioned on: the prompt words and the separator. */
export function policyPrompt(prompt: PromptLike): string {
  return `${squash(text(prompt))} |`;
}

/**
 * What a pointwise judge reads: "<prompt> | <response> | score". A direct judge's
 * next word is the score digit; a reasoning judge writes its trace, "score", then the digit.
 */
export function judgeInput(prompt: PromptLike, response: string): string {
  const r = squash(response);
  return `${squash(text(prompt))} | ${r === '' ? '' : `${r} `}| score`;
}

/** A reasoning judge's target: gold's trace, then "score" and the digit. */
export function reasoningTarget(trace: readonly string[], score: number): string {
  return [...trace, 'score', digit(score)].join(' ');
}

/** A non-reasoning judge's target: the score digit alone. */
export function directTarget(score: number): string {
  return digit(score);
}

function digit(score: number): string {
  if (!Number.isInteger(score) || score < 0 || score > 9) throw new TribunalError('BAD_MESSAGE', `score must be an integer 0..9, got ${score}`);
  return String(score);
}
