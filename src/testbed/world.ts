// One entry to the synthetic world: vocabulary, policy prompts (train and
// held-out eval), labelled judge data and the gold oracle, all from one seed.
import { TribunalError } from '../core/errors.ts';
import { goldJudge } from './gold.ts';
import { makeJudgeData, type JudgeExample } from './offpolicy.ts';
import { mixSeed } from '../core/rng.ts';
import { makePrompts, type TestbedPrompt } from './tasks.ts';
import { testbedVocabulary } from './vocabulary.ts';
import type { ReasoningEffort } from './trace.ts';

export interface TestbedOptions {
  seed: number;
  /** Policy training prompts (train split). */
  trainPrompts: number;
  /** Held-out prompts for gold's eval rounds (eval split). */
  evalPrompts: number;
  /** Labelled judge training examples (judge split). */
  judgeExamples: number;
  /** Extra labelled examples, drawn apart, for a judge's static agreement with gold. @default 0 */
  judgeEvalExamples?: number;
  /** How much of its task check gold's traces on the judge data work out. @default low */
  effort?: ReasoningEffort;
}

export interface Testbed {
  vocabulary: string[];
  train: TestbedPrompt[];
  eval: TestbedPrompt[];
  judgeData: JudgeExample[];
  /** Held-out labelled examples (same mix and split as judgeData, another draw). */
  judgeEval: JudgeExample[];
  gold: typeof goldJudge;
}

export function createTestbed(opts: TestbedOptions): Testbed {
  const { seed, trainPrompts, evalPrompts, judgeExamples, judgeEvalExamples = 0, effort = 'low' } = opts;
  if (!Number.isInteger(seed)) throw new TribunalError('BAD_CONFIG', `seed must be an integer, got ${seed}`);
  for (const [name, n] of Object.entries({ trainPrompts, evalPrompts, judgeExamples, judgeEvalExamples })) {
    if (!Number.isInteger(n) || n < 0) throw new TribunalError('BAD_CONFIG', `${name} must be a non-negative integer, got ${n}`);
  }
  return {
    vocabulary: testbedVocabulary(),
    train: makePrompts({ seed, split: 'train', count: trainPrompts }),
    eval: makePrompts({ seed, split: 'eval', count: evalPrompts }),
    judgeData: makeJudgeData({ seed, count: judgeExamples, effort }),
    judgeEval: makeJudgeData({ seed: mixSeed(seed, 0xe7a1), count: judgeEvalExamples, effort }),
    gold: goldJudge,
  };
}
