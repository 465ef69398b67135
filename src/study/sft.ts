// Supervised fine-tuning with the builtin trainer: shuffled mini-batch passes
// over (prompt tokens, target tokens) sequences, the target carrying the loss.
// Used to warm-start the policy (the "instruct model") and to train judges
// (train-judge.ts builds the judges' sequences).
import type { BuiltinTrainer } from '../engines/builtin/trainer.ts';
import type { TokenSequence } from '../engines/builtin/batch.ts';
import { BOS_ID, EOS_ID, type WordTokenizer } from '../engines/builtin/tokenizer.ts';
import { Rng, scrambleSeed } from '../core/rng.ts';

export interface TextPair {
  input: string;
  target: string;
}

export interface SftOptions {
  epochs: number;
  batchSize: number;
  /** Seed of the per-epoch shuffle. */
  seed: number;
  /** After every optimizer step; epoch and step count from 0. */
  onProgress?: (epoch: number, step: number, loss: number) => void;
}

/** Runs `epochs` shuffled passes; returns the loss of every step, in order. */
export async function sftLoop(trainer: BuiltinTrainer, seqs: readonly TokenSequence[], opts: SftOptions): Promise<number[]> {
  const rng = new Rng(scrambleSeed(opts.seed));
  const losses: number[] = [];
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = shuffled(seqs.length, rng);
    for (let start = 0; start < order.length; start += opts.batchSize) {
      const { loss } = await trainer.sft(order.slice(start, start + opts.batchSize).map((i) => seqs[i]));
      opts.onProgress?.(epoch, losses.length, loss);
      losses.push(loss);
    }
  }
  return losses;
}

/** <bos> + input words as the prompt, target words + <eos> as the completion. */
export function textSequence(tok: WordTokenizer, p: TextPair): TokenSequence {
  return { promptTokens: Int32Array.from([BOS_ID, ...tok.encode(p.input)]), tokensT: Int32Array.from([...tok.encode(p.target), EOS_ID]) };
}

export function sftOnText(trainer: BuiltinTrainer, pairs: readonly TextPair[], opts: SftOptions): Promise<number[]> {
  return sftLoop(trainer, pairs.map((p) => textSequence(trainer.spec.tokenizer, p)), opts);
}

/** Fisher-Yates permutation of 0..n-1. */
function shuffled(n: number, rng: Rng): number[] {
  const a = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
