// Request/reply contracts between actors (the eval round's path): the gold
// actor asks a rollout actor for samples and a judge actor for proxy scores.
// One zod schema per call; subjects come from subjects.ts (`${calls}.<kind>`).
import { z } from 'zod';
import { checkReply } from './check-reply.ts';

export const SampleCall = z.object({
  /** What the policy is conditioned on, one entry per prompt. */
  inputs: z.array(z.string()).min(1).max(4096),
  n: z.number().int().positive().max(64),
  seed: z.number().int(),
});
export type SampleCall = z.infer<typeof SampleCall>;

export const SampleReply = z.object({
  version: z.number().int().nonnegative(),
  /** Completion texts, inputs.length x n. */
  completions: z.array(z.array(z.string())),
});
export type SampleReply = z.infer<typeof SampleReply>;

export const ScoreCall = z.object({
  prompts: z.array(z.string()).min(1).max(4096),
  responses: z.array(z.array(z.string()).min(1)),
}).refine((c) => c.prompts.length === c.responses.length, { message: 'one row of responses per prompt', path: ['responses'] });
export type ScoreCall = z.infer<typeof ScoreCall>;

export const ScoreReply = z.object({
  rewards: z.array(z.array(z.number())),
  invalid: z.number().int().nonnegative(),
});
export type ScoreReply = z.infer<typeof ScoreReply>;

/** Parses call arguments at the boundary; a bad call fails with BAD_MESSAGE naming the field. */
export function parseCall<S extends z.ZodType>(schema: S, args: unknown, what: string): z.infer<S> {
  return checkReply(schema, args, what);
}
