// The three engine interfaces actors code against: Sampler, Judge, Trainer.
// Backends (builtin/ on tfjs, openai/ over HTTP, trivial/ for runtime tests)
// implement them; actors never import a backend directly (see registry.ts).
import type { Completion, Verdict } from '../wire/messages.ts';

export interface SampleRequest {
  prompt: string;
  /** Completions to draw for this prompt (the group size G). */
  n: number;
  maxNewTokens: number;
  temperature: number;
  /** Seed for reproducible sampling; engines without seeding ignore it. */
  seed?: number;
}

export interface SampleResult {
  promptTokens: Int32Array;
  completionsG: Completion[];
}

/** Draws completions with per-token behaviour logprobs, for one weights version. */
export interface Sampler {
  /** Version of the weights now loaded. */
  readonly version: number;
  sample(req: SampleRequest): Promise<SampleResult>;
  /** Load a weights blob exported by a Trainer; refuses a wrong shape whole. */
  loadWeights(version: number, blob: Uint8Array): Promise<void>;
  /** Token usage and request counts so far, for engines that call a server. */
  usageSnapshot?(): object;
  close(): Promise<void>;
}

export interface JudgeItem {
  prompt: string;
  response: string;
}

/** Scores responses: pointwise 0..9, or pairwise preferences within a group. */
export interface Judge {
  readonly mode: 'pointwise' | 'pairwise';
  /** One verdict per item, in order. Invalid outputs are verdicts, never throws. */
  scorePointwise(items: JudgeItem[]): Promise<Verdict[]>;
  /**
   * Which of a and b is better: probability that a wins (1 a, 0 b, 0.5 tie),
   * or null when the judge's output was invalid.
   */
  comparePair(prompt: string, a: string, b: string): Promise<{ pA: number | null; reasoningTokens: number }>;
  /** Token usage and request counts so far, for engines that call a server. */
  usageSnapshot?(): object;
  close(): Promise<void>;
}

/** One training sequence: prompt, sampled completion and its statistics. */
export interface TrainSequence {
  promptTokens: Int32Array;
  tokensT: Int32Array;
  /** Behaviour policy logprobs (mu), recorded at sampling. */
  behaviourLogprobsT: Float32Array;
  /** Advantage of the whole completion, applied to each of its tokens. */
  advantage: number;
}

export interface LossOptions {
  clipLow: number;
  clipHigh: number;
  /** Truncation cap c of the importance weight min(pi_prox / mu, c). */
  importanceCap: number;
  /** KL penalty to the reference policy (0: none, as in the paper). */
  klBeta: number;
}

export interface StepStats {
  loss: number;
  /** False when the loss or gradient was NaN/Inf and the step was skipped. */
  applied: boolean;
  gradNorm: number;
  clipFraction: number;
  importanceWeightMean: number;
  importanceWeightMax: number;
  /** mean |log pi_prox - log mu| over tokens. */
  mismatch: number;
  tokens: number;
}

/** Computes losses and steps the optimizer; owns weights, versions and checkpoints. */
export interface Trainer {
  readonly version: number;
  /**
   * One policy update on a batch: the engine records pi_prox (its own
   * logprobs before the update), then runs `miniBatches` optimizer steps.
   * Bumps the version by one.
   */
  update(batch: TrainSequence[], loss: LossOptions, miniBatches: number): Promise<StepStats>;
  /** Supervised step on (input, target) sequences: judge SFT. Target tokens carry the loss. */
  sft?(batch: { promptTokens: Int32Array; tokensT: Int32Array }[]): Promise<{ loss: number }>;
  exportWeights(): Promise<{ blob: Uint8Array; shapeKey: string }>;
  importWeights(version: number, blob: Uint8Array): Promise<void>;
  /** Weights, optimizer state and version, under dir. */
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
  close(): Promise<void>;
}
