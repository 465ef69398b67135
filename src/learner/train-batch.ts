// Pure batch logic of the learner: how scored groups become training
// sequences with GRPO advantages, and their mean reward.
import type { ScoredGroup } from '../wire/messages.ts';
import type { TrainSequence } from '../engines/types.ts';
import { groupAdvantages } from '../rl/advantages.ts';

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
