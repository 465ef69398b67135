// The learner logs one `step` line per training step; the launcher's callers
// (progress bars, tests) read progress from it. One parser for all of them.
import type { ChildEvent } from './supervisor.ts';

export interface LearnerStep {
  step: number;
  reward: number;
}

/** The learner's step, when this child event is its `step` log line; else null. */
export function learnerStep(e: ChildEvent): LearnerStep | null {
  if (e.type !== 'line' || e.name !== 'learner' || !e.line?.includes('"msg":"step"')) return null;
  const row = JSON.parse(e.line) as LearnerStep;
  return { step: row.step, reward: row.reward };
}
