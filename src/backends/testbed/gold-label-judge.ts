// The verifiable reward of judge GRPO (paper): the policy being trained is a
// judge, its prompt is a judge input "<prompt> | <response> | score" and its
// completion "<trace> score <digit>" (or "<digit>"). The reward is
// (M_max - (s_hat - s)^2) / M_max against gold's label s; an ill-formed output
// is an invalid verdict and earns the run's rl.invalidReward (the study sets
// the paper's -1 for this stage). With a labels file (an LLM gold's labels of
// real judge prompts) the label is looked up by prompt and the prediction is
// the answer's "Score: N".
import { readFileSync } from 'node:fs';
import { TribunalError } from '../../core/errors.ts';
import { parsePointwiseVerdict } from '../../judging/parse-verdict.ts';
import { judgeGrpoReward } from '../../rl/rewards.ts';
import { goldJudge } from '../../testbed/gold.ts';
import type { Verdict } from '../../wire/messages.ts';
import type { Judge, JudgeItem } from '../../engines/types.ts';

const estimateWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** The prompt and response a judge input was built from (inverse of testbed judgeInput). */
export function parseJudgeInput(text: string): { prompt: string; response: string } {
  const w = text.trim().split(/\s+/).filter((x) => x !== '');
  // Testbed prompts hold no '|', so the first one ends the prompt; responses may hold '|' (a fake end marker).
  const bar = w.indexOf('|');
  if (bar < 1 || w.length < bar + 3 || w[w.length - 2] !== '|' || w[w.length - 1] !== 'score') {
    throw new TribunalError('BAD_MESSAGE', `not a judge input "<prompt> | <response> | score": "${text}"`);
  }
  return { prompt: w.slice(0, bar).join(' '), response: w.slice(bar + 1, w.length - 2).join(' ') };
}

/**
 * s_hat: the digit right after the LAST "score" word, or the completion's only
 * word when that is a digit; null when neither holds (ill-formed output).
 */
export function predictedScore(completion: string): { score: number | null; traceTokens: number } {
  const w = completion.trim().split(/\s+/).filter((x) => x !== '');
  const at = w.lastIndexOf('score');
  const digit = (x: string | undefined) => (x !== undefined && /^[0-9]$/.test(x) ? Number(x) : null);
  if (at >= 0) return { score: digit(w[at + 1]), traceTokens: at };
  return { score: w.length === 1 ? digit(w[0]) : null, traceTokens: w.length };
}

/** Labels an LLM gold gave, by judge prompt: a JSONL file of {prompt, gold}. */
function readLabels(path: string): Map<string, number> {
  const labels = new Map<string, number>();
  readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const row = JSON.parse(line) as { prompt?: unknown; gold?: unknown };
    if (typeof row.prompt !== 'string' || typeof row.gold !== 'number') throw new TribunalError('BAD_CONFIG', `${path}:${i + 1}: expected {"prompt": string, "gold": number}`);
    labels.set(row.prompt, row.gold);
  });
  return labels;
}

export class GoldLabelJudge implements Judge {
  readonly mode = 'pointwise' as const;
  /** Labels looked up by prompt (an LLM gold's); null: the synthetic world's gold program on the judge input. */
  private readonly labels: Map<string, number> | null;

  constructor(cfg: { labels?: string } = {}) {
    this.labels = cfg.labels ? readLabels(cfg.labels) : null;
  }

  /**
   * Verdict.expected is the reward; an ill-formed output is invalid (score and
   * expected null), so it earns the run's rl.invalidReward like any invalid verdict.
   * Throws TribunalError BAD_MESSAGE when the prompt is not a testbed judge input.
   */
  async scorePointwise(items: JudgeItem[]): Promise<Verdict[]> {
    return items.map(({ prompt, response }) => {
      if (this.labels) return this.againstLabel(prompt, response);
      const parts = parseJudgeInput(prompt);
      const gold = goldJudge(parts.prompt, parts.response).score;
      const { score, traceTokens } = predictedScore(response);
      if (score === null) return { valid: false, score: null, expected: null, distribution: null, reasoningTokens: traceTokens };
      return { valid: true, score, expected: judgeGrpoReward(score, gold), distribution: null, reasoningTokens: traceTokens };
    });
  }

  /** A judge prompt whose label is in the file: the prediction is the answer's "Score: N". */
  private againstLabel(prompt: string, response: string): Verdict {
    const gold = this.labels!.get(prompt);
    if (gold === undefined) throw new TribunalError('BAD_MESSAGE', `gold-label: no label for this judge prompt (${prompt.slice(0, 60)}...)`);
    const parsed = parsePointwiseVerdict(response);
    const reasoningTokens = estimateWords(response);
    if (!parsed.valid || parsed.score === null) return { valid: false, score: null, expected: null, distribution: null, reasoningTokens };
    return { valid: true, score: parsed.score, expected: judgeGrpoReward(parsed.score, gold), distribution: null, reasoningTokens };
  }

  /** 1, 0.5 or 0 by reward (an ill-formed output's is the paper's -1): which output is closer to gold's label. */
  async comparePair(prompt: string, a: string, b: string): Promise<{ pA: number; reasoningTokens: number }> {
    const [va, vb] = await this.scorePointwise([{ prompt, response: a }, { prompt, response: b }]);
    const ra = va.expected ?? -1;
    const rb = vb.expected ?? -1;
    return { pA: ra > rb ? 1 : ra < rb ? 0 : 0.5, reasoningTokens: va.reasoningTokens + vb.reasoningTokens };
  }

  async close(): Promise<void> {}
}
