// What a torch engine's `model` names: a local model dir, or
// `tiny-random:<arch>[:<seed>[:<hidden>x<layers>]]`, a tiny random-init model
// written offline (hidden 64 x 2 layers unless a size is given). Parsing only;
// making and finding dirs is python-env.ts's.
import { TribunalError } from '../core/errors.ts';

/** Architectures trainer/tribunal_trainer/tiny_model.py writes. */
export const TINY_ARCHS = ['qwen2', 'llama'] as const;
export type TinyArch = (typeof TINY_ARCHS)[number];

/** A tiny model's width and depth; heads are hidden / 64 (at least 4 below 256). */
export interface TinySize { hidden: number; layers: number }

export type ModelSpec =
  | { kind: 'path'; path: string }
  | { kind: 'tiny-random'; arch: TinyArch; seed: number; size?: TinySize };

const TINY = 'tiny-random:';
/** Widths a head dim of 64 divides (or the 4 heads of the small defaults), up to a size a CPU can still make. */
const MAX_HIDDEN = 4096;
const MAX_LAYERS = 64;

export function parseModelSpec(model: string): ModelSpec {
  if (!model.startsWith(TINY)) {
    if (!model.trim()) throw new TribunalError('BAD_CONFIG', 'model is empty: give a local model directory, or tiny-random:qwen2 for a tiny offline test model');
    return { kind: 'path', path: model };
  }
  const [arch, seedText, sizeText, ...rest] = model.slice(TINY.length).split(':');
  const usage = `expected tiny-random:<${TINY_ARCHS.join('|')}>[:<seed>[:<hidden>x<layers>]]`;
  if (!(TINY_ARCHS as readonly string[]).includes(arch)) {
    throw new TribunalError('BAD_CONFIG', `model '${model}': unknown tiny-random architecture '${arch}'; choose one of ${TINY_ARCHS.join(', ')} (${usage})`);
  }
  const seed = seedText === undefined ? 0 : Number(seedText);
  if (rest.length > 0 || !/^\d+$/.test(seedText ?? '0') || !Number.isSafeInteger(seed)) {
    throw new TribunalError('BAD_CONFIG', `model '${model}': ${usage}, the seed a non-negative integer`);
  }
  if (sizeText === undefined) return { kind: 'tiny-random', arch: arch as TinyArch, seed };
  return { kind: 'tiny-random', arch: arch as TinyArch, seed, size: parseTinySize(model, sizeText, usage) };
}

function parseTinySize(model: string, text: string, usage: string): TinySize {
  const m = /^(\d+)x(\d+)$/.exec(text);
  const hidden = Number(m?.[1]), layers = Number(m?.[2]);
  const fits = m && hidden >= 16 && hidden <= MAX_HIDDEN && (hidden < 256 ? hidden % 4 === 0 : hidden % 64 === 0) && layers >= 1 && layers <= MAX_LAYERS;
  if (!fits) {
    throw new TribunalError('BAD_CONFIG', `model '${model}': size '${text}' is not <hidden>x<layers> with hidden 16-${MAX_HIDDEN} (a multiple of 4 below 256, of 64 from 256) and 1-${MAX_LAYERS} layers (${usage})`);
  }
  return { hidden, layers };
}

/** The cache dir name of a tiny random model: one per (arch, seed, size). */
export function tinyModelDirName(spec: { arch: TinyArch; seed: number; size?: TinySize }): string {
  return `tiny-random-${spec.arch}-${spec.seed}${spec.size ? `-${spec.size.hidden}x${spec.size.layers}` : ''}`;
}

/** The tiny_model command-line flags that make this spec. */
export function tinyModelArgs(spec: { arch: TinyArch; seed: number; size?: TinySize }): string[] {
  const size = spec.size ? ['--hidden', String(spec.size.hidden), '--layers', String(spec.size.layers)] : [];
  return ['--arch', spec.arch, '--seed', String(spec.seed), ...size];
}
