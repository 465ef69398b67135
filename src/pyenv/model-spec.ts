// What a torch engine's `model` names: a local model dir, or
// `tiny-random:<arch>[:<seed>[:<hidden>x<layers>[x<heads>]][:<vocabulary>]]`,
// a tiny random-init model written offline (hidden 64 x 2 layers unless a size
// is given; a byte-level BPE tokenizer unless a vocabulary is named: `testbed`
// gives each of the synthetic world's words one token). Parsing only; making
// and finding dirs is python-env.ts's.
import { createHash } from 'node:crypto';
import { TribunalError } from '../core/errors.ts';
import { testbedVocabulary } from '../testbed/vocabulary.ts';

/** Architectures trainer/tribunal_trainer/tiny_model.py writes. */
export const TINY_ARCHS = ['qwen2', 'llama'] as const;
export type TinyArch = (typeof TINY_ARCHS)[number];

/** Word lists a tiny model's word-level tokenizer can be made of. */
export const TINY_VOCABULARIES = ['testbed'] as const;
export type TinyVocabulary = (typeof TINY_VOCABULARIES)[number];

/** The words of a named vocabulary, in token order (after the tokenizer's 4 specials). */
export function tinyVocabularyWords(vocabulary: TinyVocabulary): string[] {
  switch (vocabulary) {
    case 'testbed': return testbedVocabulary();
  }
}

/** A tiny model's width and depth; heads are hidden / 64 (4 below 256) unless given. */
export interface TinySize { hidden: number; layers: number; heads?: number }

export interface TinySpec { arch: TinyArch; seed: number; size?: TinySize; vocabulary?: TinyVocabulary }

export type ModelSpec = { kind: 'path'; path: string } | ({ kind: 'tiny-random' } & TinySpec);

const TINY = 'tiny-random:';
/** Widths a head dim of 64 divides (or the 4 heads of the small defaults), up to a size a CPU can still make. */
const MAX_HIDDEN = 4096;
const MAX_LAYERS = 64;

export function parseModelSpec(model: string): ModelSpec {
  if (!model.startsWith(TINY)) {
    if (!model.trim()) throw new TribunalError('BAD_CONFIG', 'model is empty: give a local model directory, or tiny-random:qwen2 for a tiny offline test model');
    return { kind: 'path', path: model };
  }
  const [arch, seedText, ...rest] = model.slice(TINY.length).split(':');
  const usage = `expected tiny-random:<${TINY_ARCHS.join('|')}>[:<seed>[:<hidden>x<layers>[x<heads>]][:${TINY_VOCABULARIES.join('|')}]]`;
  if (!(TINY_ARCHS as readonly string[]).includes(arch)) {
    throw new TribunalError('BAD_CONFIG', `model '${model}': unknown tiny-random architecture '${arch}'; choose one of ${TINY_ARCHS.join(', ')} (${usage})`);
  }
  const seed = seedText === undefined ? 0 : Number(seedText);
  if (!/^\d+$/.test(seedText ?? '0') || !Number.isSafeInteger(seed)) {
    throw new TribunalError('BAD_CONFIG', `model '${model}': ${usage}, the seed a non-negative integer`);
  }
  const spec: ModelSpec = { kind: 'tiny-random', arch: arch as TinyArch, seed };
  const vocabulary = rest.at(-1) !== undefined && /^[a-z]/.test(rest.at(-1)!) ? rest.pop() : undefined;
  if (rest.length > 1) throw new TribunalError('BAD_CONFIG', `model '${model}': ${usage}`);
  if (rest.length === 1) spec.size = parseTinySize(model, rest[0], usage);
  if (vocabulary !== undefined) {
    if (!(TINY_VOCABULARIES as readonly string[]).includes(vocabulary)) {
      throw new TribunalError('BAD_CONFIG', `model '${model}': unknown vocabulary '${vocabulary}'; choose ${TINY_VOCABULARIES.join(', ')} (${usage})`);
    }
    if (spec.arch !== 'llama') {
      throw new TribunalError('BAD_CONFIG', `model '${model}': a word-level vocabulary needs arch llama (transformers rebuilds every ${spec.arch} tokenizer as its own byte-level BPE): write tiny-random:llama:${rest.length ? `${seed}:${rest[0]}` : seed}:${vocabulary}`);
    }
    spec.vocabulary = vocabulary as TinyVocabulary;
  }
  return spec;
}

function parseTinySize(model: string, text: string, usage: string): TinySize {
  const m = /^(\d+)x(\d+)(?:x(\d+))?$/.exec(text);
  const hidden = Number(m?.[1]), layers = Number(m?.[2]), heads = m?.[3] === undefined ? undefined : Number(m[3]);
  const headsFit = heads === undefined ? (hidden < 256 ? hidden % 4 === 0 : hidden % 64 === 0) : heads >= 1 && hidden % heads === 0;
  const fits = m && hidden >= 16 && hidden <= MAX_HIDDEN && headsFit && layers >= 1 && layers <= MAX_LAYERS;
  if (!fits) {
    throw new TribunalError('BAD_CONFIG', `model '${model}': size '${text}' is not <hidden>x<layers>[x<heads>] with hidden 16-${MAX_HIDDEN} (without heads: a multiple of 4 below 256, of 64 from 256; with heads: a multiple of them) and 1-${MAX_LAYERS} layers (${usage})`);
  }
  return heads === undefined ? { hidden, layers } : { hidden, layers, heads };
}

/** An 8-hex digest of a word list: a tiny model's dir name changes when its vocabulary does. */
export function wordsDigest(words: readonly string[]): string {
  return createHash('sha256').update(words.join('\n')).digest('hex').slice(0, 8);
}

/** The cache dir name of a tiny random model: one per (arch, seed, size, vocabulary and its words). */
export function tinyModelDirName(spec: TinySpec, words?: readonly string[]): string {
  const size = spec.size ? `-${spec.size.hidden}x${spec.size.layers}${spec.size.heads ? `x${spec.size.heads}` : ''}` : '';
  const vocab = spec.vocabulary ? `-${spec.vocabulary}-${wordsDigest(words ?? [])}` : '';
  return `tiny-random-${spec.arch}-${spec.seed}${size}${vocab}`;
}

/** The tiny_model command-line flags that make this spec; a vocabulary's words are read from `wordsFile`. */
export function tinyModelArgs(spec: TinySpec, wordsFile?: string): string[] {
  const size = spec.size ? ['--hidden', String(spec.size.hidden), '--layers', String(spec.size.layers), ...(spec.size.heads ? ['--heads', String(spec.size.heads)] : [])] : [];
  const words = spec.vocabulary && wordsFile ? ['--words-file', wordsFile] : [];
  return ['--arch', spec.arch, '--seed', String(spec.seed), ...size, ...words];
}
