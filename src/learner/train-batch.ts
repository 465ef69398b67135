// Pure batch logic of the learner: which groups are too stale to train on,
// and how scored groups become training sequences with GRPO advantages.
import type { ScoredGroup } from '../wire/messages.ts';
import type { TrainSequence } from '../engines/types.ts';
import { groupAdvantages } from '../rl/advantages.ts';
import { isStale } from '../rl/staleness.ts';

export function splitStale<T extends { version: number }>(groups: T[], learnerVersion: number, eta: number): { fresh: T[]; stale: T[] } {
  const fresh: T[] = [];
  const stale: T[] = [];
  for (const g of groups) (isStale(g.version, learnerVersion, eta) ? stale : fresh).push(g);
  return { fresh, stale };
}

export function toTrainSequences(groups: ScoredGroup[]): TrainSequence[] {
  return groups.flatMap((g) => {
    const advG = groupAdvantages(g.rewardsG);
    return g.completionsG.map((c, i) => ({
      promptTokens: g.promptTokens,
      tokensT: c.tokensT,
      behaviourLogprobsT: c.logprobsT,
      advantage: advG[i],
    }));
  });
}

export function meanReward(groups: ScoredGroup[]): number {
  let sum = 0;
  let n = 0;
  for (const g of groups) for (const r of g.rewardsG) { sum += r; n++; }
  return n ? sum / n : 0;
}
