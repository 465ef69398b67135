// Prompt ids: the ledger numbers a run's prompts 0..total-1 and sends each as
// its decimal string. One place reads them back, for the scheduler and for
// the learner, which refuses a group of a prompt the run does not have.
import { TribunalError } from '../core/errors.ts';

/** The prompt's sequence number; BAD_MESSAGE when the id is not a prompt of a run of `totalPrompts`. */
export function promptSeq(promptId: string, totalPrompts: number): number {
  const seq = /^(0|[1-9][0-9]*)$/.test(promptId) ? Number(promptId) : NaN;
  if (!(seq < totalPrompts)) {
    throw new TribunalError('BAD_MESSAGE', `promptId: "${promptId.slice(0, 40)}" is not a prompt of this run (0..${totalPrompts - 1})`);
  }
  return seq;
}

/** Why `promptId` is not a prompt of the run, or null when it is. */
export function foreignPrompt(promptId: string, totalPrompts: number): string | null {
  try {
    promptSeq(promptId, totalPrompts);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
