// The trivial engine's policy: one softmax over a handful of tokens, the same
// at every position. Small enough to test the runtime end to end in
// milliseconds, real enough that GRPO visibly moves it. Pure functions.
import { encode, decode } from '../../wire/codec.ts';
import { TribunalError } from '../../core/errors.ts';

export function softmax(logits: Float32Array): Float32Array {
  let max = -Infinity;
  for (const l of logits) max = Math.max(max, l);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

export function shapeKeyOf(vocabSize: number): string {
  return `trivial-unigram:v${vocabSize}`;
}

export function packWeights(version: number, logits: Float32Array): Uint8Array {
  return encode({ shapeKey: shapeKeyOf(logits.length), version, logits });
}

/** Validates a blob whole before anything is loaded. */
export function unpackWeights(blob: Uint8Array, vocabSize: number): Float32Array {
  const w = decode(blob) as { shapeKey?: unknown; logits?: unknown };
  if (w?.shapeKey !== shapeKeyOf(vocabSize)) {
    throw new TribunalError('BAD_WEIGHTS', `weights are for ${String(w?.shapeKey)}, this engine is ${shapeKeyOf(vocabSize)}`);
  }
  if (!(w.logits instanceof Float32Array) || w.logits.length !== vocabSize) {
    throw new TribunalError('BAD_WEIGHTS', `weights hold ${(w.logits as Float32Array)?.length} logits, expected ${vocabSize}`);
  }
  return w.logits;
}
