// The learner's per-step gold-free signals, on hand-built scored groups.
import { describe, expect, it } from 'vitest';
import { correlation, stepSignals } from '../../src/monitor/step-signals.ts';
import type { ScoredGroup, Verdict } from '../../src/wire/messages.ts';

const verdict = (p: number[] | null): Verdict => ({ valid: true, score: 5, expected: 5, distribution: p ? new Float32Array(p) : null, reasoningTokens: 0 });

function group(rewards: number[], second?: number[], secondEntropies?: number[], dist: number[] | null = null): ScoredGroup {
  return {
    promptId: 'p1', attempt: 1, groupId: 'p1.1', version: 0, prompt: 'p', promptTokens: new Int32Array(0),
    completionsG: rewards.map(() => ({ text: 'a', tokensT: new Int32Array([1]), logprobsT: new Float32Array([0]), finished: true })),
    actorId: 'r', sampledAtMs: 0, meta: {}, judgeId: 'j', rewardsG: new Float32Array(rewards), verdictsG: rewards.map(() => verdict(dist)), invalid: 0,
    secondRewardsG: second ? new Float32Array(second) : undefined, secondEntropiesG: secondEntropies ? new Float32Array(secondEntropies) : undefined,
  };
}

describe('step signals', () => {
  it('step signals - proxy, spread, both entropies, disagreement, the second judge mean and the within-group agreement', () => {
    const s = stepSignals(7, [group([2, 4], [2, 6], [1, 0], [0.5, 0.5]), group([8, 8], [7, 9], [0, 0], [1, 0])]);
    expect(s.step).toBe(7);
    expect(s.proxy).toBe(5.5);
    expect(s.rewardStd).toBe(0.5); // (1 + 0) / 2
    expect(s.judgeEntropy).toBeCloseTo(Math.log(2) / 2, 6);
    expect(s.secondEntropy).toBe(0.25);
    expect(s.disagreement).toBe(1); // (0 + 2 + 1 + 1) / 4
    expect(s.secondProxy).toBe(6);
    expect(s.rankAgreement).toBe(1); // the second group is constant for the judge: left out
  });

  it('step signals - no second judge on any group, or no distributions: null, not zero', () => {
    const s = stepSignals(1, [group([1, 2], [1, 2]), group([3, 4])]);
    expect([s.secondEntropy, s.disagreement, s.secondProxy, s.rankAgreement, s.judgeEntropy]).toEqual([null, null, null, null, null]);
  });

  it('step signals - correlation is signed and null for a constant series', () => {
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 10);
    expect(correlation([1, 1, 1], [3, 2, 1])).toBeNull();
    expect(correlation([1], [1])).toBeNull();
  });
});
