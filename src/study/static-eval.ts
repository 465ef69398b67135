// A judge's static agreement with gold on labelled examples (the paper's
// Krippendorff alpha table): judge score and gold as two coders. Collecting
// examples is the study world's job; the statistics are src/judging/agreement.ts.
import type { Judge } from '../engines/types.ts';
import type { LabelledExample } from './gold-labels.ts';
import { krippendorffAlpha, meanAbsoluteError } from '../judging/agreement.ts';

export interface StaticEvalResult {
  /** Interval Krippendorff alpha of the judge's integer score vs gold; invalid verdicts are missing values. NaN if undefined. */
  alpha: number;
  /** Same, with the judge's expected score (what the policy's reward is) instead of its integer score. */
  alphaExpected: number;
  /** Mean |score - gold| over valid verdicts. */
  mae: number;
  /** Share of invalid verdicts. */
  invalidRate: number;
  n: number;
  meanReasoningTokens: number;
}

export interface StaticEvalOptions {
  /** Items per scorePointwise call (bounds the engine's batch). @default 256 */
  batchSize?: number;
}

export async function staticEval(judge: Judge, examples: readonly LabelledExample[], opts: StaticEvalOptions = {}): Promise<StaticEvalResult> {
  const batchSize = opts.batchSize ?? 256;
  const scores: (number | null)[] = [];
  const expected: (number | null)[] = [];
  let reasoning = 0;
  for (let start = 0; start < examples.length; start += batchSize) {
    const chunk = examples.slice(start, start + batchSize);
    const verdicts = await judge.scorePointwise(chunk.map((ex) => ({ prompt: ex.prompt, response: ex.response })));
    for (const v of verdicts) {
      scores.push(v.valid ? v.score : null);
      expected.push(v.valid ? (v.expected ?? v.score) : null);
      reasoning += v.reasoningTokens;
    }
  }
  const gold = examples.map((ex) => ex.gold);
  const { mae, invalid } = meanAbsoluteError(scores, gold);
  const n = examples.length;
  return {
    alpha: krippendorffAlpha([scores, gold], 'interval'),
    alphaExpected: krippendorffAlpha([expected, gold], 'interval'),
    mae,
    invalidRate: n === 0 ? NaN : invalid / n,
    n,
    meanReasoningTokens: n === 0 ? NaN : reasoning / n,
  };
}
