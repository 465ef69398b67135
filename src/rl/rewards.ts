// Rewards from judge outputs: the pointwise expected score, the pairwise
// group win rate, and the verifiable reward for GRPO-training a judge on gold.
// Parsing judge text is src/judging/parse-verdict.ts; advantages are advantages.ts.
import { TribunalError } from '../core/errors.ts';

/** Scores 0..9: the judge's valid score tokens (paper). */
export const SCORE_TOKENS = 10;

export interface ExpectedScore {
  /** sum_x x * p(x) over the renormalised distribution, in [0, 9]. */
  expected: number;
  /** p(x) for x = 0..9, summing to 1. */
  distribution: Float32Array;
}

export type ScoreMass = ReadonlyMap<string | number, number> | Readonly<Record<string, number>>;

/** The digit a score token stands for: keys like 7, "7" or " 7" (tokenizer spacing); else null. */
function digitOf(key: string | number): number | null {
  const s = String(key).trim();
  return /^[0-9]$/.test(s) ? Number(s) : null;
}

/**
 * Pointwise reward: the expected score over the judge's probabilities of the
 * score tokens 0..9, renormalised over those tokens only (mass on any other
 * token is dropped). Keys that trim to the same digit are summed; missing
 * digits have zero mass; NaN or negative probabilities count as zero.
 * Returns null when no digit has positive mass.
 */
export function expectedScore(mass: ScoreMass, opts: { fromLogprobs: boolean }): ExpectedScore | null {
  const p = new Float64Array(SCORE_TOKENS);
  const entries: Iterable<[string | number, number]> = mass instanceof Map ? mass.entries() : Object.entries(mass);
  for (const [key, value] of entries) {
    const d = digitOf(key);
    if (d === null) continue;
    const prob = opts.fromLogprobs ? Math.exp(value) : value;
    if (prob > 0 && Number.isFinite(prob)) p[d] += prob;
  }
  let total = 0;
  for (let x = 0; x < SCORE_TOKENS; x++) total += p[x];
  if (!(total > 0)) return null;
  const distribution = new Float32Array(SCORE_TOKENS);
  let expected = 0;
  for (let x = 0; x < SCORE_TOKENS; x++) {
    const px = p[x] / total;
    distribution[x] = px;
    expected += x * px;
  }
  return { expected, distribution };
}

/**
 * Pairwise reward: completion i's mean of prefGG[i][j] = P(i beats j) over the
 * other G-1 completions j != i. Null entries (invalid verdicts) are skipped;
 * a completion with no valid comparison gets 0.5. The diagonal is ignored.
 */
export function pairwiseWinRates(prefGG: ReadonlyArray<ReadonlyArray<number | null>>): Float32Array {
  const g = prefGG.length;
  const winRatesG = new Float32Array(g);
  for (let i = 0; i < g; i++) {
    const row = prefGG[i];
    if (row.length !== g) throw new TribunalError('BAD_MESSAGE', `pairwiseWinRates: row ${i} has ${row.length} entries, want ${g}`);
    let sum = 0;
    let n = 0;
    for (let j = 0; j < g; j++) {
      const p = row[j];
      if (j === i || p === null) continue;
      if (!(p >= 0 && p <= 1)) throw new TribunalError('BAD_MESSAGE', `pairwiseWinRates: pref[${i}][${j}] = ${p} is not a probability`);
      sum += p;
      n++;
    }
    winRatesG[i] = n === 0 ? 0.5 : sum / n;
  }
  return winRatesG;
}

export interface ScoreRange {
  low: number;
  high: number;
}

/**
 * Verifiable reward for GRPO on a reasoning judge (paper): -1 when the
 * prediction is missing, not finite or outside [low, high]; else
 * (M_max - (s_hat - s)^2) / M_max with M_max = (high - low)^2, so 1 for an exact
 * match and 0 for the worst in-range miss.
 */
export function judgeGrpoReward(predicted: number | null, gold: number, range: ScoreRange = { low: 0, high: 9 }): number {
  const { low, high } = range;
  if (!(high > low)) throw new TribunalError('BAD_CONFIG', `score range needs high > low, got [${low}, ${high}]`);
  if (!(gold >= low && gold <= high)) throw new TribunalError('BAD_MESSAGE', `gold score ${gold} outside [${low}, ${high}]`);
  if (predicted === null || !Number.isFinite(predicted) || predicted < low || predicted > high) return -1;
  const mMax = (high - low) ** 2;
  return (mMax - (predicted - gold) ** 2) / mMax;
}
