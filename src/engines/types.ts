// The three engine interfaces (ports) everything above them codes against:
// Sampler, Judge, Trainer. Backends (src/backends/: builtin on tfjs, openai over
// HTTP, testbed, trivial) implement them, and src/backends/registry.ts is the
// only code that knows which. A Trainer computes (logprobs, loss backward,
// optimizer step); the RL algorithm that drives it is src/learner/rl-step.ts.
import type { Completion, Verdict, WeightsExport, WeightsRef } from '../wire/messages.ts';

export type { WeightsExport };

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
  /** The version of the weights that drew them, when the engine knows it better than `Sampler.version` (a colocated sampler). */
  version?: number;
}

/** Draws completions with per-token behaviour logprobs, for one weights version. */
export interface Sampler {
  /** Version of the weights now loaded. */
  readonly version: number;
  sample(req: SampleRequest): Promise<SampleResult>;
  /** Several prompts in one batch (engines that batch: one call, each prompt its own seed); results in order. */
  sampleMany?(reqs: readonly SampleRequest[]): Promise<SampleResult[]>;
  /** Load weights a Trainer exported (a blob, or a reference); refuses a wrong shape, digest or base model whole. */
  loadWeights(version: number, weights: Uint8Array | WeightsRef): Promise<void>;
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

/** Prompt tokens, then completion tokens: only the completion is scored or carries a loss. */
export interface TokenSequence {
  promptTokens: Int32Array;
  tokensT: Int32Array;
}

/** Text a trainer learns from: the input as its prompt, the target (and the model's end token) as its completion. */
export interface TextPair {
  input: string;
  target: string;
}

/** One sampled sequence as the learner receives it: tokens, behaviour logprobs and its GRPO advantage. */
export interface TrainSequence extends TokenSequence {
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

/** A sequence of the policy-gradient loss, everything the learner decided already folded in. */
export interface PolicyGradientSequence extends TokenSequence {
  /** log pi_prox per completion token: the ratio's denominator. */
  logpProxT: Float32Array;
  /** Per completion token: the advantage times the truncated importance weight min(pi_prox / mu, c). */
  advantagesT: Float32Array;
  /** log pi_ref per completion token, when klBeta > 0. */
  logpRefT?: Float32Array;
}

/**
 * A sequence of the first mini-batch of an update on a trainer that takes
 * pi_prox from that mini-batch's own forward pass (Trainer.fusesProx): the
 * weights it runs on are the policy before the update, so pi_prox is that
 * pass's logprobs, and the trainer folds w_t = min(pi_prox / mu, c) into the
 * advantage itself. One forward pass instead of two.
 */
export interface FusedProxSequence extends TokenSequence {
  /** log mu per completion token, recorded at sampling. */
  behaviourLogprobsT: Float32Array;
  advantage: number;
  logpRefT?: Float32Array;
}

/**
 * What one forwardBackward call differentiates; loss = sum of token losses / normalizer.
 *   ppo:           loss_t = -min(r_t A_t, clip(r_t, 1 - clipLow, 1 + clipHigh) A_t) + klBeta k3_t,
 *                  r_t = pi_theta / pi_prox at the trainer's temperature (src/rl/loss.ts is the reference);
 *   ppo-fused-prox: the same with pi_prox = this pass's pi_theta (no gradient) and
 *                  A_t = A * min(pi_prox / mu, importanceCap) (FusedProxSequence);
 *   cross_entropy: loss_t = -log pi_theta(token) at temperature 1 (SFT).
 * normalizer: the token count of the whole mini-batch, so calls on its parts sum to its token mean.
 */
export type LossBatch = (
  | { kind: 'ppo'; seqs: PolicyGradientSequence[]; clipLow: number; clipHigh: number; klBeta: number; normalizer: number }
  | { kind: 'ppo-fused-prox'; seqs: FusedProxSequence[]; clipLow: number; clipHigh: number; klBeta: number; importanceCap: number; normalizer: number }
  | { kind: 'cross_entropy'; seqs: TokenSequence[]; normalizer: number }
) & {
  /**
   * Step the optimizer right after this backward when the backend can in the
   * same call (a remote one saves a round trip); the result is then in
   * ForwardBackwardResult.step, else the caller calls optimStep.
   */
  thenStep?: boolean;
};

export interface ForwardBackwardResult {
  /** This call's share of the loss (NaN when a token loss was not finite: the next optimStep skips). */
  loss: number;
  /** log pi_theta of each completion token in the forward pass, at the loss's temperature. */
  logpNewT: Float32Array[];
  tokens: number;
  /** The optimizer step, when the batch asked for thenStep and the backend did it. */
  step?: OptimStepResult;
}

export interface OptimStepResult {
  /** False when the loss or gradient was NaN/Inf: the step was skipped and no weight changed. */
  applied: boolean;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}


/** What the learner reports per step (src/learner/rl-step.ts computes it from src/rl). */
export interface StepStats {
  loss: number;
  /** False when the loss or gradient was NaN/Inf and a mini-batch step was skipped. */
  applied: boolean;
  /** Mini-batch optimizer steps skipped for a NaN/Inf loss or gradient in this update. */
  skippedSteps: number;
  /** Mini-batch optimizer steps this update took or tried (skipped ones included). */
  miniBatchSteps: number;
  gradNorm: number;
  clipFraction: number;
  importanceWeightMean: number;
  importanceWeightMax: number;
  /** mean |log pi_prox - log mu| over tokens. */
  mismatch: number;
  tokens: number;
}

/**
 * Owns one model's weights, optimizer and checkpoints; computes, never decides.
 * Verbs in the spirit of Tinker's training API: logprobs, forwardBackward
 * (gradients accumulate), optimStep, export/import, save/load.
 */
export interface Trainer {
  /** Version the weights carry: the learner's clock, exported and checkpointed with them. */
  readonly version: number;
  setVersion(version: number): void;
  /** Text pairs in this model's tokenizer: the input as prompt, the target plus the end token as completion. */
  encode(pairs: readonly TextPair[]): Promise<TokenSequence[]>;
  /** log pi of each completion token at the trainer's temperature; reference: the initial (or last imported) weights. */
  logprobs(seqs: readonly TokenSequence[], opts?: { reference?: boolean }): Promise<Float32Array[]>;
  /** Loss forward and backward; gradients accumulate until optimStep. */
  forwardBackward(batch: LossBatch): Promise<ForwardBackwardResult>;
  /** forwardBackward takes 'ppo-fused-prox' batches (pi_prox from the pass itself); others get pi_prox from logprobs. */
  readonly fusesProx?: boolean;
  /** Clips the accumulated gradient's global norm, steps the optimizer, zeroes the gradient. */
  optimStep(): Promise<OptimStepResult>;
  /**
   * The weights for samplers. A colocated trainer refreshes its in-memory
   * sampling copy (a 'memory' reference) unless `durable`: then it writes them
   * where a later process can read them (the run's final weights).
   */
  exportWeights(opts?: { durable?: boolean }): Promise<WeightsExport>;
  /** Exported versions to keep beyond the newest few (the gold peak), for backends that export to storage. */
  retainWeights?(versions: readonly number[]): void;
  /** Replaces the weights (all or nothing) and makes them the reference; refuses a blob of another shape. */
  importWeights(version: number, blob: Uint8Array): Promise<void>;
  /** Weights, optimizer state and version, under dir. */
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
  close(): Promise<void>;
}
