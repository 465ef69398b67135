// Shape of a builtin model (zod schema, defaults) and its fingerprint, the
// shapeKey that weight blobs and checkpoints carry so mismatches are refused.
import { z } from 'zod';
import { TribunalError } from '../../core/errors.ts';
import { WordTokenizer } from './tokenizer.ts';
import { fnv1a32 } from '../../core/fnv1a.ts';

export const BuiltinModelConfig = z.object({
  /** Word list (specials are added in front). May instead be passed to the engine. */
  vocab: z.array(z.string()).optional(),
  /** Width of the residual stream. */
  dModel: z.number().int().positive().default(32),
  layers: z.number().int().positive().default(2),
  heads: z.number().int().positive().default(2),
  /** MLP hidden width = ffMult * dModel. */
  ffMult: z.number().int().positive().default(4),
  /** Longest prompt + completion, in tokens (size of the learned position table). */
  maxSeqLen: z.number().int().min(2).default(64),
  /** Output projection shares the token embedding matrix. */
  tieEmbeddings: z.boolean().default(true),
  /** Seed of the weight initialisation. */
  seed: z.number().int().default(1),
}).refine((c) => c.dModel % c.heads === 0, { message: 'dModel must be divisible by heads', path: ['heads'] });
export type BuiltinModelConfigInput = z.input<typeof BuiltinModelConfig>;

/** A validated config with its vocabulary resolved into a tokenizer. */
export interface ModelSpec {
  dModel: number;
  layers: number;
  heads: number;
  ffMult: number;
  maxSeqLen: number;
  tieEmbeddings: boolean;
  seed: number;
  vocabSize: number;
  tokenizer: WordTokenizer;
  shapeKey: string;
}

/** FNV-1a over the words (joined by a separator no word can hold), as 8 hex digits. */
function vocabHash(words: readonly string[]): string {
  return fnv1a32(words.join('\n')).toString(16).padStart(8, '0');
}

/**
 * Fingerprint of everything that fixes tensor shapes and token meanings (not
 * the seed): two models with equal keys can exchange weights.
 */
export function shapeKey(c: Omit<ModelSpec, 'shapeKey'>): string {
  return [
    'builtin1',
    `v${c.vocabSize}-${vocabHash(c.tokenizer.words)}`,
    `d${c.dModel}`, `l${c.layers}`, `h${c.heads}`, `f${c.ffMult}`, `s${c.maxSeqLen}`,
    c.tieEmbeddings ? 'tied' : 'untied',
  ].join(':');
}

/** Validates the config; `vocab` wins over config.vocab when both are given. */
export function resolveModelSpec(input: BuiltinModelConfigInput, vocab?: readonly string[]): ModelSpec {
  const parsed = BuiltinModelConfig.safeParse(input);
  if (!parsed.success) {
    throw new TribunalError('BAD_CONFIG', `builtin model config: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  }
  const c = parsed.data;
  const words = vocab ?? c.vocab;
  if (!words) throw new TribunalError('BAD_CONFIG', 'builtin model config: no vocabulary given');
  const tokenizer = new WordTokenizer(words);
  const base = {
    dModel: c.dModel, layers: c.layers, heads: c.heads, ffMult: c.ffMult, maxSeqLen: c.maxSeqLen,
    tieEmbeddings: c.tieEmbeddings, seed: c.seed, vocabSize: tokenizer.size, tokenizer,
  };
  return { ...base, shapeKey: shapeKey(base) };
}
