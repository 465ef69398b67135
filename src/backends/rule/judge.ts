// A judge by rule: score = 9 x the fraction of the response's non-space
// characters that match a pattern (digits by default). Its optimum is known,
// so a policy on a real model can be shown to learn (examples/toy-torch.yaml).
// An empty response is an invalid verdict. Pairwise: the higher fraction wins.
import type { Judge, JudgeItem } from '../../engines/types.ts';
import type { Verdict } from '../../wire/messages.ts';
import type { RuleJudgeConfig } from '../../config/engines/rule.ts';

export function matchingFraction(response: string, pattern: RegExp): number | null {
  const chars = [...response].filter((c) => !/\s/u.test(c));
  if (chars.length === 0) return null;
  return chars.filter((c) => pattern.test(c)).length / chars.length;
}

export class RuleJudge implements Judge {
  readonly mode = 'pointwise' as const;
  private readonly pattern: RegExp;

  constructor(cfg: RuleJudgeConfig) {
    this.pattern = new RegExp(`^(?:${cfg.pattern})$`, 'u');
  }

  async scorePointwise(items: JudgeItem[]): Promise<Verdict[]> {
    return items.map(({ response }) => {
      const f = matchingFraction(response, this.pattern);
      const score = f === null ? null : 9 * f;
      return { valid: score !== null, score, expected: score, distribution: null, reasoningTokens: 0 };
    });
  }

  async comparePair(_prompt: string, a: string, b: string) {
    const fa = matchingFraction(a, this.pattern);
    const fb = matchingFraction(b, this.pattern);
    if (fa === null || fb === null) return { pA: null, reasoningTokens: 0 };
    return { pA: fa > fb ? 1 : fa < fb ? 0 : 0.5, reasoningTokens: 0 };
  }

  async close(): Promise<void> {}
}
