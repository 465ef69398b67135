// What a torch engine's `model` names: a local model dir, or `tiny-random:<arch>[:<seed>]`,
// a tiny random-init model written offline. Parsing only; making and finding dirs is python-env.ts's.
import { TribunalError } from '../core/errors.ts';

/** Architectures trainer/tribunal_trainer/tiny_model.py writes. */
export const TINY_ARCHS = ['qwen2', 'llama'] as const;
export type TinyArch = (typeof TINY_ARCHS)[number];

export type ModelSpec =
  | { kind: 'path'; path: string }
  | { kind: 'tiny-random'; arch: TinyArch; seed: number };

const TINY = 'tiny-random:';

export function parseModelSpec(model: string): ModelSpec {
  if (!model.startsWith(TINY)) {
    if (!model.trim()) throw new TribunalError('BAD_CONFIG', 'model is empty: give a local model directory, or tiny-random:qwen2 for a tiny offline test model');
    return { kind: 'path', path: model };
  }
  const [arch, seedText, ...rest] = model.slice(TINY.length).split(':');
  const usage = `expected tiny-random:<${TINY_ARCHS.join('|')}>[:<seed>]`;
  if (!(TINY_ARCHS as readonly string[]).includes(arch)) {
    throw new TribunalError('BAD_CONFIG', `model '${model}': unknown tiny-random architecture '${arch}'; choose one of ${TINY_ARCHS.join(', ')} (${usage})`);
  }
  const seed = seedText === undefined ? 0 : Number(seedText);
  if (rest.length > 0 || !/^\d+$/.test(seedText ?? '0') || !Number.isSafeInteger(seed)) {
    throw new TribunalError('BAD_CONFIG', `model '${model}': ${usage}, the seed a non-negative integer`);
  }
  return { kind: 'tiny-random', arch: arch as TinyArch, seed };
}

/** The cache dir name of a tiny random model: one per (arch, seed). */
export function tinyModelDirName(spec: { arch: TinyArch; seed: number }): string {
  return `tiny-random-${spec.arch}-${spec.seed}`;
}
