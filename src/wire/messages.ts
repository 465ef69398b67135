// One zod schema per message kind on the data plane, and the shapes of batch
// arrays in their names (T: tokens of one completion, G: completions of a group).
import { z } from 'zod';

const id = z.string().min(1).max(200);
// z.custom keeps the plain Int32Array/Float32Array types (any backing buffer).
const tokensT = z.custom<Int32Array>((v) => v instanceof Int32Array, 'expected an Int32Array');
const floatsT = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');
/** Logprobs and rewards feed the update: one NaN or Infinity would poison every weight. */
const finiteFloatsT = floatsT.refine((a) => a.every(Number.isFinite), 'expected finite numbers (a NaN or Infinity is in it)');

/** One sampled completion with the behaviour policy's per-token logprobs. */
export const Completion = z.object({
  text: z.string(),
  tokensT,
  logprobsT: finiteFloatsT,
  /** True when sampling stopped at an end token rather than the length limit. */
  finished: z.boolean(),
}).refine((c) => c.tokensT.length === c.logprobsT.length, {
  message: 'tokensT and logprobsT differ in length',
  path: ['logprobsT'],
});
export type Completion = z.infer<typeof Completion>;

/** A work grant's identity: which prompt, which issue of it. */
export const PromptRef = z.object({
  promptId: id,
  /** The ledger's attempt number (from 1); a re-issued prompt gets a new one. */
  attempt: z.number().int().positive(),
});
export type PromptRef = z.infer<typeof PromptRef>;

/** G completions of one prompt, sampled by one policy version. */
export const RolloutGroup = PromptRef.extend({
  groupId: id,
  /** Policy version the group was sampled with (for the staleness bound). */
  version: z.number().int().nonnegative(),
  prompt: z.string(),
  promptTokens: tokensT,
  completionsG: z.array(Completion).min(1),
  actorId: id,
  /** Epoch ms the rollout got the grant and started sampling (for the pipeline timeline; older producers leave them out). */
  grantedAtMs: z.number().finite().optional(),
  sampleStartMs: z.number().finite().optional(),
  sampledAtMs: z.number(),
  /** ms the rollout spent loading new weights right before sampling this group (0: none; for the pipeline timeline). */
  weightsLoadMs: z.number().finite().nonnegative().optional(),
  /** Free-form tags the testbed or a dataset attaches (task type, split). */
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type RolloutGroup = z.infer<typeof RolloutGroup>;

/** A judge's verdict on one completion. */
export const Verdict = z.object({
  valid: z.boolean(),
  /** Parsed score (pointwise) or win rate in the group (pairwise). */
  score: z.number().nullable(),
  /** Expected score over the renormalised score distribution, when known. */
  expected: z.number().nullable(),
  /** Probability of each score 0..9 (pointwise, when the engine exposes it). */
  distribution: floatsT.nullable().default(null),
  /** Reasoning text length in tokens, when the judge reasons. */
  reasoningTokens: z.number().int().nonnegative().default(0),
  /** The reasoning itself, when the judge gives it (a gold label's, for distillation); judge actors drop it from ScoredGroups. */
  reasoningText: z.string().optional(),
});
export type Verdict = z.infer<typeof Verdict>;

export const ScoredGroup = RolloutGroup.extend({
  judgeId: id,
  /** Reward per completion, aligned with completionsG. */
  rewardsG: finiteFloatsT,
  verdictsG: z.array(Verdict),
  /** Completions whose judge output was invalid (they got the configured reward). */
  invalid: z.number().int().nonnegative(),
  /** The second judge's reward per completion, when one is configured (engines.secondJudge; never trained on). */
  secondRewardsG: finiteFloatsT.optional(),
  /** Entropy (nats) of the second judge's score distribution per completion, when it gives distributions. */
  secondEntropiesG: finiteFloatsT.optional(),
  /** Epoch ms the judge started and finished on the group (for the pipeline timeline). */
  judgeStartMs: z.number().finite().optional(),
  scoredAtMs: z.number().finite().optional(),
}).refine((s) => s.rewardsG.length === s.completionsG.length && s.verdictsG.length === s.completionsG.length, {
  message: 'rewardsG and verdictsG must align with completionsG',
  path: ['rewardsG'],
});
export type ScoredGroup = z.infer<typeof ScoredGroup>;

/** Work for the gold actor: a sampled training group, or one eval round. */
export const GoldRequest = z.object({
  requestId: id,
  kind: z.enum(['train', 'eval']),
  version: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  prompts: z.array(z.string()),
  /** Responses per prompt (row-major: prompts.length x G). */
  responses: z.array(z.array(z.string())),
  /** The training judge's reward for the same responses, for the monitor. */
  proxyScores: z.array(z.array(z.number())),
  meta: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))).default([]),
});
export type GoldRequest = z.infer<typeof GoldRequest>;

export const GoldResult = z.object({
  requestId: id,
  kind: z.enum(['train', 'eval']),
  version: z.number().int().nonnegative(),
  step: z.number().int().nonnegative(),
  goldScores: z.array(z.array(z.number())),
  proxyScores: z.array(z.array(z.number())),
  goldMean: z.number(),
  proxyMean: z.number(),
  samples: z.array(z.object({ prompt: z.string(), response: z.string(), gold: z.number(), proxy: z.number() })).default([]),
  /** Every response, aligned with goldScores (for pattern mining; older gold actors leave it out). */
  responses: z.array(z.array(z.string())).default([]),
});
export type GoldResult = z.infer<typeof GoldResult>;

/**
 * Exported weights on storage samplers can read (a shared volume, an object
 * store path): a PEFT adapter dir (lora) or a full safetensors model dir. The
 * digest covers the dir's files (src/runtime/dir-digest.ts); a sampler refuses,
 * whole, a reference whose digest or base model does not match. Or, for
 * samplers colocated with the learner (memory): the sampling copy inside the
 * learner's trainer service, path its host:port and digest the service
 * process's instance id (a restarted service is another instance).
 */
export const WeightsRef = z.object({
  path: z.string().min(1),
  kind: z.enum(['lora', 'full', 'memory']),
  baseModel: z.string().min(1),
  digest: z.string().regex(/^(sha256:[0-9a-f]{64}|instance:[0-9a-f]{8,64})$/, 'expected sha256:<64 hex digits> (a dir) or instance:<hex> (memory)'),
  version: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
}).refine((r) => (r.kind === 'memory') === r.digest.startsWith('instance:'), { message: 'a memory reference carries an instance digest, a dir a sha256 one', path: ['digest'] });
export type WeightsRef = z.infer<typeof WeightsRef>;

/**
 * What a trainer exports and the learner publishes: a blob that travels through
 * the bus (small models), or a reference to a dir on shared storage (real
 * models). shapeKey names the model shape; a sampler of another shape refuses them.
 */
export type WeightsExport =
  | { blob: Uint8Array; ref?: undefined; shapeKey: string }
  | { ref: WeightsRef; blob?: undefined; shapeKey: string };

/** Announces a version's weights: the blob itself (it fits one message), a blob in the object store, or a reference (real models). */
export const WeightsAnnounce = z.object({
  version: z.number().int().nonnegative(),
  /** The blob, when it fits one message with room to spare: no object-store round trips or digests. */
  inline: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes').optional(),
  /** Object-store name of the blob. */
  object: id.optional(),
  /** Where the weights are when they travel by reference (16 GB never crosses NATS). */
  ref: WeightsRef.optional(),
  bytes: z.number().int().nonnegative(),
  /** Fingerprint of the model shape; a mismatched blob is refused. */
  shapeKey: z.string(),
  publishedAtMs: z.number().finite(),
}).refine((a) => [a.inline, a.object, a.ref].filter((x) => x !== undefined).length === 1, { message: 'needs exactly one of inline, object and ref', path: ['object'] })
  .refine((a) => a.ref === undefined || a.ref.version === a.version, { message: 'ref.version differs from version', path: ['ref', 'version'] });
export type WeightsAnnounce = z.infer<typeof WeightsAnnounce>;

export const DeadLetter = z.object({
  subject: z.string(),
  kind: z.string(),
  reason: z.string(),
  actorId: z.string(),
  atMs: z.number(),
  payload: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes'),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** The message kinds and their schemas, by name (for dead letters and metrics). */
export const MESSAGE_KINDS = {
  RolloutGroup,
  ScoredGroup,
  GoldRequest,
  GoldResult,
  WeightsAnnounce,
  DeadLetter,
} as const;
export type MessageKind = keyof typeof MESSAGE_KINDS;
