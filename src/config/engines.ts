// Engine settings, one variant per backend; the `backend` field picks it.
// trivial: a unigram test workload; builtin: tiny transformers on tfjs (CPU);
// openai: any OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama);
// testbed-gold: the synthetic world's gold program; gold-label: the judge-GRPO
// reward that checks a judge's score against gold's label.
import { z } from 'zod';
import { OpenAIEngineConfig } from '../engines/openai/config.ts';

export const TrivialEngineConfig = z.object({
  backend: z.literal('trivial'),
  vocabSize: z.number().int().min(2).default(8).describe('Tokens of the unigram test policy.'),
  targetToken: z.number().int().nonnegative().default(1).describe('Token the trivial judge rewards.'),
  sampleDelayMs: z.number().int().nonnegative().default(0).describe('Simulated sampling cost per group.'),
  judgeDelayMs: z.number().int().nonnegative().default(0).describe('Simulated judging cost per group.'),
  trainDelayMs: z.number().int().nonnegative().default(0).describe('Simulated training cost per step.'),
}).strict();

export const BuiltinEngineConfig = z.object({
  backend: z.literal('builtin'),
  dModel: z.number().int().positive().default(32).describe('Transformer width.'),
  layers: z.number().int().positive().default(2),
  heads: z.number().int().positive().default(2),
  ffMult: z.number().int().positive().default(4),
  maxSeqLen: z.number().int().min(2).default(48).describe('Longest prompt + completion in tokens.'),
  seed: z.number().int().default(1).describe('Weight initialisation seed.'),
  tfBackend: z.enum(['wasm', 'cpu']).optional().describe('tfjs backend (default wasm, falling back to cpu).'),
  weights: z.string().optional().describe('Start from this weights file (a trained judge, or a policy checkpoint export).'),
  judgeMode: z.enum(['direct', 'reasoning']).default('direct').describe('As a judge: emit the score directly, or a reasoning trace then the score.'),
  maxReasoningTokens: z.number().int().positive().default(14).describe('As a reasoning judge: trace tokens at most before the score.'),
  reasoningTemperature: z.number().nonnegative().default(0).describe('As a reasoning judge: trace sampling temperature (0 greedy).'),
}).strict();

export const TestbedGoldConfig = z.object({
  backend: z.literal('testbed-gold').describe('The synthetic world gold program (src/testbed/gold.ts).'),
}).strict();

export const GoldLabelConfig = z.object({
  backend: z.literal('gold-label').describe('Judge-GRPO reward: -1 if invalid, else (M_max - (s_hat - s)^2) / M_max against gold.'),
}).strict();

export const EngineConfig = z.discriminatedUnion('backend', [
  TrivialEngineConfig, BuiltinEngineConfig, OpenAIEngineConfig, TestbedGoldConfig, GoldLabelConfig,
]);
export type EngineConfig = z.infer<typeof EngineConfig>;
export type TrivialEngineConfig = z.infer<typeof TrivialEngineConfig>;
export type BuiltinEngineConfig = z.infer<typeof BuiltinEngineConfig>;
