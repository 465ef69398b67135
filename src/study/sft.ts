// Supervised fine-tuning on any Trainer: shuffled mini-batch passes over
// (prompt tokens, target tokens) sequences, the target carrying the loss. Used
// to warm-start the policy (the "instruct model") and to train judges
// (train-judge.ts builds the judges' text pairs). One step is src/learner/sft-step.ts.
import type { TextPair, TokenSequence, Trainer } from '../engines/types.ts';
import { sftStep } from '../learner/sft-step.ts';
import { Rng, scrambleSeed } from '../core/rng.ts';

export interface SftOptions {
  epochs: number;
  batchSize: number;
  /** Seed of the per-epoch shuffle. */
  seed: number;
  /** After every optimizer step; epoch and step count from 0. */
  onProgress?: (epoch: number, step: number, loss: number) => void;
}

/** Runs `epochs` shuffled passes; returns the loss of every step, in order. */
export async function sftLoop(trainer: Trainer, seqs: readonly TokenSequence[], opts: SftOptions): Promise<number[]> {
  const rng = new Rng(scrambleSeed(opts.seed));
  const losses: number[] = [];
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = shuffled(seqs.length, rng);
    for (let start = 0; start < order.length; start += opts.batchSize) {
      const { loss } = await sftStep(trainer, order.slice(start, start + opts.batchSize).map((i) => seqs[i]));
      opts.onProgress?.(epoch, losses.length, loss);
      losses.push(loss);
    }
  }
  return losses;
}

/** SFT on text: the trainer's tokenizer turns each pair into a sequence. */
export async function sftOnText(trainer: Trainer, pairs: readonly TextPair[], opts: SftOptions): Promise<number[]> {
  return sftLoop(trainer, await trainer.encode(pairs), opts);
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
