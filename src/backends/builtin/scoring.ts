// Gradient-free reads of a model: completion logprobs of given sequences and
// the next-token distribution after given prefixes (what judges score with).
import * as tf from '@tensorflow/tfjs';
import { TribunalError } from '../../core/errors.ts';
import { checkTokenIds, packSequences, unpackCompletions } from './batch.ts';
import type { TokenSequence } from '../../engines/types.ts';
import { forward, tokenLogprobs, type Transformer } from './transformer.ts';
import { PAD_ID } from './tokenizer.ts';

/** log pi(token) of each completion token at `temperature` (logits / temperature). */
export async function sequenceLogprobs(
  m: Transformer,
  seqs: readonly TokenSequence[],
  temperature: number,
): Promise<Float32Array[]> {
  if (seqs.length === 0) return [];
  const packed = packSequences(seqs, m.spec.vocabSize, m.spec.maxSeqLen);
  const logpBL = tf.tidy(() => {
    const inputs = tf.tensor2d(packed.inputsBL, [packed.batch, packed.length], 'int32');
    const targets = tf.tensor2d(packed.targetsBL, [packed.batch, packed.length], 'int32');
    return tokenLogprobs(forward(m, inputs).logitsBTV, targets, temperature);
  });
  const flat = (await logpBL.data()) as Float32Array;
  logpBL.dispose();
  return unpackCompletions(packed, seqs, flat);
}

/** Softmax over the vocabulary (temperature 1) after each prefix's last token. */
export async function nextTokenDistribution(m: Transformer, prefixes: readonly Int32Array[]): Promise<Float32Array[]> {
  if (prefixes.length === 0) return [];
  const { vocabSize, maxSeqLen } = m.spec;
  const longest = Math.max(...prefixes.map((p) => p.length));
  if (longest > maxSeqLen) throw new TribunalError('BAD_CONFIG', `prefix of ${longest} tokens exceeds the model's maxSeqLen ${maxSeqLen}`);
  if (prefixes.some((p) => p.length === 0)) throw new TribunalError('BAD_MESSAGE', 'empty prefix');
  const b = prefixes.length;
  const tokens = new Int32Array(b * longest).fill(PAD_ID);
  const lastIdx = new Int32Array(b);
  prefixes.forEach((p, r) => {
    checkTokenIds(p, vocabSize);
    tokens.set(p, r * longest);
    lastIdx[r] = r * longest + p.length - 1;
  });
  const probs = tf.tidy(() => {
    const logits = forward(m, tf.tensor2d(tokens, [b, longest], 'int32')).logitsBTV;
    const rows = tf.gather(tf.reshape(logits, [b * longest, vocabSize]), tf.tensor1d(lastIdx, 'int32'));
    return tf.softmax(rows);
  });
  const flat = (await probs.data()) as Float32Array;
  probs.dispose();
  return prefixes.map((_, r) => flat.slice(r * vocabSize, (r + 1) * vocabSize));
}
