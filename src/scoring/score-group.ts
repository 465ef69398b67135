// Turns a judge's verdicts on one rollout group into per-completion rewards:
// pointwise, the expected score (else the parsed score); pairwise, the average
// win rate against the rest of the group. Invalid verdicts get `invalidReward`.
import type { Judge } from '../engines/types.ts';
import type { RolloutGroup, Verdict } from '../wire/messages.ts';
import { pairwiseWinRates } from '../rl/rewards.ts';

export interface GroupScores {
  rewardsG: Float32Array;
  verdictsG: Verdict[];
  invalid: number;
}

export function scoreGroup(judge: Judge, group: RolloutGroup, invalidReward: number): Promise<GroupScores> {
  return scoreTexts(judge, group.prompt, group.completionsG.map((c) => c.text), invalidReward);
}

export async function scoreTexts(judge: Judge, prompt: string, responses: string[], invalidReward: number): Promise<GroupScores> {
  if (judge.mode === 'pairwise') return scorePairwise(judge, prompt, responses, invalidReward);
  const verdictsG = await judge.scorePointwise(responses.map((response) => ({ prompt, response })));
  const rewardsG = new Float32Array(verdictsG.map((v) => (v.valid ? (v.expected ?? v.score ?? invalidReward) : invalidReward)));
  return { rewardsG, verdictsG, invalid: verdictsG.filter((v) => !v.valid).length };
}

async function scorePairwise(judge: Judge, prompt: string, responses: string[], invalidReward: number): Promise<GroupScores> {
  const g = responses.length;
  const prefGG: (number | null)[][] = Array.from({ length: g }, () => new Array<number | null>(g).fill(null));
  const reasoning = new Array<number>(g).fill(0);
  const pairs: [number, number][] = [];
  for (let i = 0; i < g; i++) for (let j = i + 1; j < g; j++) pairs.push([i, j]);
  const results = await Promise.all(pairs.map(([i, j]) => judge.comparePair(prompt, responses[i], responses[j])));
  results.forEach(({ pA, reasoningTokens }, k) => {
    const [i, j] = pairs[k];
    reasoning[i] += reasoningTokens / 2;
    reasoning[j] += reasoningTokens / 2;
    if (pA === null) return;
    prefGG[i][j] = pA;
    prefGG[j][i] = 1 - pA;
  });
  const winG = pairwiseWinRates(prefGG);
  const validG = prefGG.map((row) => row.some((p) => p !== null));
  const verdictsG: Verdict[] = responses.map((_, i) => ({
    valid: validG[i], score: validG[i] ? winG[i] : null, expected: validG[i] ? winG[i] : null, distribution: null, reasoningTokens: Math.round(reasoning[i]),
  }));
  const rewardsG = new Float32Array(verdictsG.map((v, i) => (v.valid ? winG[i] : invalidReward)));
  return { rewardsG, verdictsG, invalid: verdictsG.filter((v) => !v.valid).length };
}
