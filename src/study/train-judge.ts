// Judge SFT on any trainer the registry builds: the paper's judge fine-tuning
// on gold labels. 'direct' learns the score digit; 'reasoning' distils gold's
// trace, then "score" and the digit. Serving the trained judge is its
// backend's job (a Judge from the registry); measuring it, static-eval.ts's.
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
import type { EngineConfig } from '../config/engines.ts';
import type { JudgeMode } from '../config/engines/builtin.ts';
import type { TextPair, WeightsExport } from '../engines/types.ts';
import type { Logger } from '../core/logger.ts';
import { createTrainer } from '../backends/registry.ts';
import { directTarget, judgeInput, reasoningTarget } from '../testbed/format.ts';
import { fillTemplate } from '../judging/prompt-template.ts';
import type { LabelledExample } from './gold-labels.ts';

/** How a judge reads an example: the synthetic world's judge input, or a filled-in judge template. */
export type JudgeFormat = { kind: 'testbed' } | { kind: 'template'; template: string };
import { sftOnText } from './sft.ts';

export interface TrainJudgeOptions {
  mode: JudgeMode;
  /** The judge's model, as an engine config (its seed is the weight init seed). */
  engine: EngineConfig;
  vocab: readonly string[];
  examples: readonly LabelledExample[];
  /** @default testbed */
  format?: JudgeFormat;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Seed of the per-epoch shuffle. */
  seed: number;
  weightDecay?: number;
  maxGradNorm?: number;
  /** After every optimizer step; epoch and step count from 0. */
  onProgress?(epoch: number, step: number, loss: number): void;
  log?: Logger;
  /** Where an exported model dir goes first (its weights/ subdir); default: a fresh temporary dir. */
  runDir?: string;
}

export interface TrainJudgeResult {
  /** The trained weights (Trainer.exportWeights: a blob, or a dir by reference), loadable by the same backend's Judge and Sampler. */
  weights: WeightsExport;
  /** SFT loss (mean over target tokens) of every step, in order. */
  losses: number[];
}

/**
 * One SFT example. testbed: judgeInput(prompt, response) as the input, the
 * score (or gold's trace, "score" and the score) as the target; template: the
 * filled-in template as the input, "Score: N" (after gold's reasoning, for a
 * reasoning judge) as the target. The trainer's tokenizer adds the end token,
 * which lets the judge stop when it is sampled as a policy (judge GRPO);
 * judges never read past the digit.
 */
export function judgeSftPair(mode: JudgeMode, ex: LabelledExample, format: JudgeFormat = { kind: 'testbed' }): TextPair {
  if (format.kind === 'template') {
    const answer = `Score: ${directTarget(ex.gold)}`;
    return { input: fillTemplate(format.template, { prompt: ex.prompt, response: ex.response }), target: mode === 'reasoning' && ex.reasoning ? `${ex.reasoning}\n${answer}` : answer };
  }
  const target = mode === 'direct' ? directTarget(ex.gold) : reasoningTarget(ex.reasoning.split(' ').filter(Boolean), ex.gold);
  return { input: judgeInput(ex.prompt, ex.response), target };
}

export async function trainJudge(opts: TrainJudgeOptions): Promise<TrainJudgeResult> {
  const { epochs, batchSize, lr } = opts;
  if (!Number.isInteger(epochs) || epochs < 0) throw new TribunalError('BAD_CONFIG', `trainJudge: epochs must be a non-negative integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TribunalError('BAD_CONFIG', `trainJudge: batchSize must be a positive integer, got ${batchSize}`);
  if (opts.examples.length === 0 && epochs > 0) throw new TribunalError('BAD_CONFIG', 'trainJudge: no examples');
  const trainer = await createTrainer(opts.engine, {
    vocab: () => opts.vocab, temperature: 1, seed: opts.seed, totalSteps: 0, log: opts.log, runDir: opts.runDir,
    optimizer: { lr, weightDecay: opts.weightDecay ?? 0.01, gradClip: opts.maxGradNorm ?? 1 },
  });
  try {
    const pairs = opts.examples.map((ex) => judgeSftPair(opts.mode, ex, opts.format));
    const losses = await sftOnText(trainer, pairs, { epochs, batchSize, seed: opts.seed, onProgress: opts.onProgress });
    return { weights: await trainer.exportWeights(), losses };
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
