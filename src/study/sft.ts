// Supervised fine-tuning on text pairs with the builtin trainer: the input is
// conditioned on (<bos> + words), the target words plus <eos> carry the loss.
// Used to warm-start the policy (the "instruct model") and to train judges.
import type { BuiltinTrainer } from '../engines/builtin/trainer.ts';
import { BOS_ID, EOS_ID } from '../engines/builtin/tokenizer.ts';
import { rng } from '../engines/trivial/unigram.ts';

export interface TextPair {
  input: string;
  target: string;
}

export interface SftOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  onProgress?: (done: number, total: number, loss: number) => void;
}

function withBos(ids: Int32Array): Int32Array {
  const out = new Int32Array(ids.length + 1);
  out[0] = BOS_ID;
  out.set(ids, 1);
  return out;
}

function withEos(ids: Int32Array): Int32Array {
  const out = new Int32Array(ids.length + 1);
  out.set(ids);
  out[ids.length] = EOS_ID;
  return out;
}

/** Runs `epochs` shuffled passes; returns the mean loss of each epoch. */
export async function sftOnText(trainer: BuiltinTrainer, pairs: TextPair[], opts: SftOptions): Promise<number[]> {
  const tok = trainer.spec.tokenizer;
  const seqs = pairs.map((p) => ({ promptTokens: withBos(tok.encode(p.input)), tokensT: withEos(tok.encode(p.target)) }));
  const rand = rng(opts.seed);
  const steps = Math.ceil(seqs.length / opts.batchSize);
  const losses: number[] = [];
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = seqs.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let sum = 0;
    for (let s = 0; s < steps; s++) {
      const batch = order.slice(s * opts.batchSize, (s + 1) * opts.batchSize).map((i) => seqs[i]);
      const { loss } = await trainer.sft(batch);
      sum += loss;
      opts.onProgress?.(epoch * steps + s + 1, opts.epochs * steps, loss);
    }
    losses.push(sum / steps);
  }
  return losses;
}
