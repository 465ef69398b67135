// Judge of the trivial engine: score = 9 x the fraction of the target token in
// the response (a known optimum for learning tests). Pairwise: higher wins.
import type { Judge, JudgeItem } from '../../engines/types.ts';
import type { Verdict } from '../../wire/messages.ts';
import type { TrivialEngineConfig } from '../../config/engines/trivial.ts';

export function targetFraction(response: string, target: number): number | null {
  const words = response.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.some((w) => !/^\d+$/.test(w))) return null;
  return words.filter((w) => Number(w) === target).length / words.length;
}

export class TrivialJudge implements Judge {
  readonly mode = 'pointwise' as const;
  constructor(private readonly cfg: TrivialEngineConfig) {}

  async scorePointwise(items: JudgeItem[]): Promise<Verdict[]> {
    if (this.cfg.judgeDelayMs) await new Promise((r) => setTimeout(r, this.cfg.judgeDelayMs));
    return items.map(({ response }) => {
      const f = targetFraction(response, this.cfg.targetToken);
      const score = f === null ? null : 9 * f;
      return { valid: score !== null, score, expected: score, distribution: null, reasoningTokens: 0 };
    });
  }

  async comparePair(_prompt: string, a: string, b: string) {
    const fa = targetFraction(a, this.cfg.targetToken);
    const fb = targetFraction(b, this.cfg.targetToken);
    if (fa === null || fb === null) return { pA: null, reasoningTokens: 0 };
    return { pA: fa > fb ? 1 : fa < fb ? 0 : 0.5, reasoningTokens: 0 };
  }

  async close(): Promise<void> {}
}
