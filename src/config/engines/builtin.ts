// The builtin backend's options: tiny causal transformers on tfjs (CPU), as
// policy, judge or trainer (src/backends/builtin/).
import { z } from 'zod';

/** A judge's output: the score directly, or a reasoning trace then the score. */
export const JudgeMode = z.enum(['direct', 'reasoning']);
export type JudgeMode = z.infer<typeof JudgeMode>;

export const BuiltinEngineConfig = z.object({
  backend: z.literal('builtin'),
  dModel: z.number().int().positive().default(32).describe('Transformer width.'),
  layers: z.number().int().positive().default(2),
  heads: z.number().int().positive().default(2),
  ffMult: z.number().int().positive().default(4),
  maxSeqLen: z.number().int().min(2).default(48).describe('Longest prompt + completion in tokens.'),
  seed: z.number().int().default(1).describe('Weight initialisation seed.'),
  tfBackend: z.enum(['wasm', 'cpu']).optional().describe('tfjs backend (default wasm, falling back to cpu).'),
  trainerThread: z.boolean().default(true).describe('As a trainer: compute on a worker thread, so the learner takes in groups, acks and publishes weights while a step trains.'),
  weights: z.string().optional().describe('Start from this weights file (a trained judge, or a policy checkpoint export).'),
  judgeMode: JudgeMode.default('direct').describe('As a judge: emit the score directly, or a reasoning trace then the score.'),
  maxReasoningTokens: z.number().int().positive().default(14).describe('As a reasoning judge: trace tokens at most before the score.'),
  reasoningTemperature: z.number().nonnegative().default(0).describe('As a reasoning judge: trace sampling temperature (0 greedy).'),
}).strict();
export type BuiltinEngineConfig = z.infer<typeof BuiltinEngineConfig>;
