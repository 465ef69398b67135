// Turns a judge's verdicts on one rollout group into per-completion rewards:
// pointwise, the expected score (else the parsed score); pairwise, the average
// win rate against the rest of the group. Invalid verdicts get `invalidReward`.
import type { Judge } from '../engines/types.ts';
import type { RolloutGroup, Verdict } from '../wire/messages.ts';
import { pairwiseWinRates } from '../rl/rewards.ts';
import { entropy } from '../monitor/gold-free-watch.ts';

export interface GroupScores {
  rewardsG: Float32Array;
  verdictsG: Verdict[];
  invalid: number;
  /** Completions whose verdict could not be had at all (the judge call failed; invalidOnFailure). */
  unavailable?: number;
}

const NO_VERDICT: Verdict = { valid: false, score: null, expected: null, distribution: null, reasoningTokens: 0 };

/**
 * scoreGroup, except that a judge call that fails (after the engine's own
 * retries) scores the whole group as invalid instead of throwing: the last
 * try of a group the judge keeps failing on, so one poison request costs its
 * group invalidReward rather than the run its progress.
 */
export async function scoreGroupOrInvalid(judge: Judge, group: RolloutGroup, invalidReward: number): Promise<GroupScores> {
  try {
    return await scoreGroup(judge, group, invalidReward);
  } catch {
    const g = group.completionsG.length;
    return { rewardsG: new Float32Array(g).fill(invalidReward), verdictsG: Array.from({ length: g }, () => ({ ...NO_VERDICT })), invalid: g, unavailable: g };
  }
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

/** Entropy (nats) of each verdict's score distribution; undefined unless every verdict gives one. */
export function verdictEntropies(verdictsG: readonly Verdict[]): Float32Array | undefined {
  if (verdictsG.length === 0 || !verdictsG.every((v) => v.distribution)) return undefined;
  return new Float32Array(verdictsG.map((v) => entropy(v.distribution!)));
}
