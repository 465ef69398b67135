// Judge SFT on the builtin engine: the paper's judge fine-tuning on gold
// labels. 'direct' learns the score digit; 'reasoning' distils gold's trace,
// then "score" and the digit. Serving the trained judge is
// src/engines/builtin/judge.ts's job; measuring it, static-eval.ts's.
//
// Measured (2 shared cores, wasm, d32 l2 h2 maxSeqLen 48, batch 16, lr 2e-3,
// alpha vs gold on 500 held-out examples): fresh examples beat extra epochs,
// and batch 16 beats 32 at equal time. 3000 examples x 2 epochs: direct ~5 s
// per epoch, alpha 0.64; reasoning ~8 s per epoch, alpha 0.53. 8000 x 3:
// direct 58 s, alpha 0.79; reasoning 75 s, alpha 0.81. lr >= 5e-3 or batch 64
// at 1e-2 learn worse.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TribunalError } from '../core/errors.ts';
import type { BackendName } from '../engines/builtin/backend.ts';
import type { TokenSequence } from '../engines/builtin/batch.ts';
import type { BuiltinModelConfigInput } from '../engines/builtin/model-config.ts';
import type { WordTokenizer } from '../engines/builtin/tokenizer.ts';
import { BuiltinTrainer } from '../engines/builtin/trainer.ts';
import { directTarget, judgeInput, reasoningTarget } from '../testbed/format.ts';
import type { JudgeExample } from '../testbed/offpolicy.ts';
import type { JudgeMode } from '../engines/builtin/judge.ts';
import { sftLoop, textSequence } from './sft.ts';

export interface TrainJudgeOptions {
  mode: JudgeMode;
  model: BuiltinModelConfigInput;
  vocab: readonly string[];
  examples: readonly JudgeExample[];
  epochs: number;
  batchSize: number;
  lr: number;
  /** Seed of the per-epoch shuffle (the weight init seed is model.seed). */
  seed: number;
  weightDecay?: number;
  maxGradNorm?: number;
  backend?: BackendName;
  /** After every optimizer step; epoch and step count from 0. */
  onProgress?(epoch: number, step: number, loss: number): void;
}

export interface TrainJudgeResult {
  /** Weights blob (BuiltinTrainer.exportWeights), loadable by BuiltinJudge and BuiltinSampler. */
  weights: Uint8Array;
  /** SFT loss (mean over target tokens) of every step, in order. */
  losses: number[];
}

/**
 * One SFT sequence: <bos> + judgeInput(prompt, response) as the prompt, the
 * target then <eos> as the completion. The <eos> lets the judge stop when it is
 * sampled as a policy (judge GRPO); BuiltinJudge never reads past the digit.
 */
export function judgeSftSequence(tokenizer: WordTokenizer, mode: JudgeMode, ex: JudgeExample): TokenSequence {
  const target = mode === 'direct' ? directTarget(ex.gold) : reasoningTarget(ex.trace, ex.gold);
  return textSequence(tokenizer, { input: judgeInput(ex.prompt.text, ex.response), target });
}

export async function trainJudge(opts: TrainJudgeOptions): Promise<TrainJudgeResult> {
  const { epochs, batchSize, lr } = opts;
  if (!Number.isInteger(epochs) || epochs < 0) throw new TribunalError('BAD_CONFIG', `trainJudge: epochs must be a non-negative integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TribunalError('BAD_CONFIG', `trainJudge: batchSize must be a positive integer, got ${batchSize}`);
  if (opts.examples.length === 0 && epochs > 0) throw new TribunalError('BAD_CONFIG', 'trainJudge: no examples');
  const trainer = await BuiltinTrainer.create({
    model: opts.model, vocab: opts.vocab, backend: opts.backend,
    optimizer: { lr, weightDecay: opts.weightDecay ?? 0.01, maxGradNorm: opts.maxGradNorm ?? 1 },
  });
  try {
    const seqs = opts.examples.map((ex) => judgeSftSequence(trainer.spec.tokenizer, opts.mode, ex));
    const losses = await sftLoop(trainer, seqs, { epochs, batchSize, seed: opts.seed, onProgress: opts.onProgress });
    const { blob } = await trainer.exportWeights();
    return { weights: blob, losses };
  } finally {
    await trainer.close();
  }
}

/** Writes a weights blob whole (temp file, then rename), creating the directory. */
export async function saveWeights(file: string, blob: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, blob);
  await rename(tmp, file);
}
