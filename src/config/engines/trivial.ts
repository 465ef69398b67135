// The trivial backend's options: a unigram test workload with simulated costs,
// for runtime tests in milliseconds (src/backends/trivial/).
import { z } from 'zod';

export const TrivialEngineConfig = z.object({
  backend: z.literal('trivial'),
  vocabSize: z.number().int().min(2).default(8).describe('Tokens of the unigram test policy.'),
  targetToken: z.number().int().nonnegative().default(1).describe('Token the trivial judge rewards.'),
  sampleDelayMs: z.number().int().nonnegative().default(0).describe('Simulated sampling cost per group.'),
  judgeDelayMs: z.number().int().nonnegative().default(0).describe('Simulated judging cost per group.'),
  trainDelayMs: z.number().int().nonnegative().default(0).describe('Simulated training cost per step.'),
}).strict();
export type TrivialEngineConfig = z.infer<typeof TrivialEngineConfig>;
