// What one learner step measures on the groups it trained on for the gold-free
// watch (gold-free-watch.ts): the proxy reward's mean and within-group spread,
// the judge's and the second judge's certainty, and how far the second judge
// (scored beside, never trained against) agrees with the one trained against:
// by value (mean |difference|, its mean score) and by order within each group
// (the within-group ranking is all GRPO learns from). Pure.
import type { ScoredGroup } from '../wire/messages.ts';
import { entropy, withinGroupStd, type StepSignals } from './gold-free-watch.ts';

export function stepSignals(step: number, groups: readonly ScoredGroup[]): StepSignals {
  const seconded = everyGroup(groups, (g) => g.secondRewardsG);
  return {
    step,
    proxy: meanOf(groups.map((g) => g.rewardsG)) ?? 0,
    rewardStd: withinGroupStd(groups.map((g) => g.rewardsG)),
    judgeEntropy: meanJudgeEntropy(groups),
    secondEntropy: everyGroup(groups, (g) => g.secondEntropiesG) ? meanOf(groups.map((g) => g.secondEntropiesG!)) : null,
    disagreement: seconded ? meanOf(groups.map((g) => g.rewardsG.map((r, i) => Math.abs(r - g.secondRewardsG![i])))) : null,
    secondProxy: seconded ? meanOf(groups.map((g) => g.secondRewardsG!)) : null,
    rankAgreement: seconded ? meanRankAgreement(groups) : null,
  };
}

/** Pearson correlation of two equal-length series; null when either is constant. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const n = a.length;
  if (n < 2 || b.length !== n) return null;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return saa > 1e-12 && sbb > 1e-12 ? sab / Math.sqrt(saa * sbb) : null;
}

/** Mean over groups of the within-group correlation of the two judges (groups where either is constant left out). */
function meanRankAgreement(groups: readonly ScoredGroup[]): number | null {
  return meanOf([groups.map((g) => correlation(g.rewardsG, g.secondRewardsG!)).filter((r): r is number => r !== null)]);
}

/** Mean entropy of the judge's score distributions over the batch (null when the judge gave none). */
function meanJudgeEntropy(groups: readonly ScoredGroup[]): number | null {
  let sum = 0, n = 0;
  for (const g of groups) for (const v of g.verdictsG) if (v.distribution) { sum += entropy(v.distribution); n++; }
  return n ? sum / n : null;
}

function everyGroup(groups: readonly ScoredGroup[], f: (g: ScoredGroup) => unknown): boolean {
  return groups.length > 0 && groups.every((g) => f(g) !== undefined);
}

function meanOf(series: readonly ArrayLike<number>[]): number | null {
  let sum = 0, n = 0;
  for (const xs of series) for (let i = 0; i < xs.length; i++) { sum += xs[i]; n++; }
  return n ? sum / n : null;
}
