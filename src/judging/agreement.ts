// Agreement between a judge and gold (or among judges): Krippendorff's alpha,
// pairwise accuracy and mean absolute error. Pure arithmetic; collecting the
// ratings and deciding what counts as invalid is the caller's job.
import { TribunalError } from '../core/errors.ts';

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * Krippendorff's alpha, coincidence-matrix form (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability"). ratings[coder][unit], null
 * (or a non-finite number) is missing; units with fewer than 2 ratings are
 * not pairable and are dropped.
 *   o_ck = sum_u (# ordered pairs (c, k) from different coders in u) / (m_u - 1)
 *   n_c  = sum_k o_ck,  n = sum_c n_c
 *   alpha = 1 - (n - 1) * sum_ck o_ck d2_ck / sum_ck n_c n_k d2_ck
 * d2: nominal [c != k]; interval (c - k)^2; ratio ((c - k) / (c + k))^2;
 * ordinal (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 over the sorted values.
 * NaN when it is undefined: no pairable values, or no variation (D_e = 0).
 */
export function krippendorffAlpha(ratings: ReadonlyArray<ReadonlyArray<number | null>>, level: AlphaLevel): number {
  const units = ratings.reduce((m, row) => Math.max(m, row.length), 0);
  const valuesU: number[][] = [];
  for (let u = 0; u < units; u++) {
    const vs: number[] = [];
    for (const row of ratings) {
      const v = row[u];
      if (v !== null && v !== undefined && Number.isFinite(v)) vs.push(v);
    }
    if (vs.length >= 2) valuesU.push(vs);
  }
  const values = [...new Set(valuesU.flat())].sort((a, b) => a - b);
  const v = values.length;
  if (v === 0) return NaN;
  const index = new Map(values.map((x, i) => [x, i]));

  // Coincidence matrix o (v x v), row-major.
  const o = new Float64Array(v * v);
  for (const vs of valuesU) {
    const countsV = new Map<number, number>();
    for (const x of vs) countsV.set(index.get(x)!, (countsV.get(index.get(x)!) ?? 0) + 1);
    const scale = 1 / (vs.length - 1);
    for (const [c, nc] of countsV) {
      for (const [k, nk] of countsV) o[c * v + k] += (c === k ? nc * (nc - 1) : nc * nk) * scale;
    }
  }
  const nV = new Float64Array(v);
  let n = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) nV[c] += o[c * v + k];
    n += nV[c];
  }

  const d2 = distance(level, values, nV);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      const d = d2(c, k);
      observed += o[c * v + k] * d;
      expected += nV[c] * nV[k] * d;
    }
  }
  if (expected === 0) return NaN;
  return 1 - ((n - 1) * observed) / expected;
}

/** Squared difference function delta^2(c, k) on value indices. */
function distance(level: AlphaLevel, values: number[], nV: Float64Array): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'interval':
      return (c, k) => (values[c] - values[k]) ** 2;
    case 'ratio':
      return (c, k) => {
        const sum = values[c] + values[k];
        return sum === 0 ? 0 : ((values[c] - values[k]) / sum) ** 2;
      };
    case 'ordinal': {
      // cum[i] = n_0 + ... + n_{i-1}, so sum_{g=lo..hi} n_g = cum[hi + 1] - cum[lo].
      const cum = new Float64Array(nV.length + 1);
      for (let i = 0; i < nV.length; i++) cum[i + 1] = cum[i] + nV[i];
      return (c, k) => {
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        return (cum[hi + 1] - cum[lo] - (nV[c] + nV[k]) / 2) ** 2;
      };
    }
    default:
      throw new TribunalError('BAD_CONFIG', `unknown alpha level ${String(level)}`);
  }
}

export interface PairwiseAccuracy {
  /** Correct / all items; an invalid (null) prediction counts as wrong. NaN with no items. */
  accuracy: number;
  /** Number of null predictions. */
  invalid: number;
}

/** Accuracy of pairwise preferences (0: first better, 1: second better, or any fixed coding) against gold. */
export function pairwiseAccuracy(predicted: ReadonlyArray<0 | 1 | null>, gold: ReadonlyArray<0 | 1>): PairwiseAccuracy {
  if (predicted.length !== gold.length) {
    throw new TribunalError('BAD_MESSAGE', `pairwiseAccuracy: ${predicted.length} predictions vs ${gold.length} gold labels`);
  }
  let correct = 0;
  let invalid = 0;
  for (let i = 0; i < gold.length; i++) {
    if (predicted[i] === null) invalid++;
    else if (predicted[i] === gold[i]) correct++;
  }
  return { accuracy: gold.length === 0 ? NaN : correct / gold.length, invalid };
}

export interface MeanAbsoluteError {
  /** Mean |predicted - gold| over the valid predictions. NaN when none is valid. */
  mae: number;
  /** Predictions that were null or not finite (left out of mae). */
  invalid: number;
}

/** Mean absolute error of pointwise scores against gold, skipping invalid predictions. */
export function meanAbsoluteError(predicted: ReadonlyArray<number | null>, gold: ReadonlyArray<number>): MeanAbsoluteError {
  if (predicted.length !== gold.length) {
    throw new TribunalError('BAD_MESSAGE', `meanAbsoluteError: ${predicted.length} predictions vs ${gold.length} gold scores`);
  }
  let sum = 0;
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < gold.length; i++) {
    const p = predicted[i];
    if (p === null || !Number.isFinite(p)) {
      invalid++;
      continue;
    }
    sum += Math.abs(p - gold[i]);
    valid++;
  }
  return { mae: valid === 0 ? NaN : sum / valid, invalid };
}
