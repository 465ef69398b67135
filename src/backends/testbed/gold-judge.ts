// The synthetic world's gold program as a Judge: exact 0..9 scores with gold's
// trace length as its reasoning tokens. The rubric itself is src/testbed/gold.ts.
import { goldJudge } from '../../testbed/gold.ts';
import type { Verdict } from '../../wire/messages.ts';
import type { Judge, JudgeItem } from '../../engines/types.ts';

export class TestbedGoldJudge implements Judge {
  readonly mode = 'pointwise' as const;

  /** Throws TribunalError BAD_MESSAGE for a prompt that is not a testbed prompt (gold has no rubric for it). */
  async scorePointwise(items: JudgeItem[]): Promise<Verdict[]> {
    return items.map(({ prompt, response }) => {
      const { score, trace } = goldJudge(prompt, response);
      return { valid: true, score, expected: score, distribution: null, reasoningTokens: trace.length, reasoningText: trace.join(' ') };
    });
  }

  /** 1, 0.5 or 0 by gold's integer scores: gold is exact, so there is nothing to soften. */
  async comparePair(prompt: string, a: string, b: string): Promise<{ pA: number; reasoningTokens: number }> {
    const ga = goldJudge(prompt, a);
    const gb = goldJudge(prompt, b);
    return { pA: ga.score > gb.score ? 1 : ga.score < gb.score ? 0 : 0.5, reasoningTokens: ga.trace.length + gb.trace.length };
  }

  async close(): Promise<void> {}
}
