// One supervised step on a Trainer: cross-entropy on the completion tokens
// (the prompt carries no loss), token mean over the batch, one optimizer step.
// Judge SFT and the policy warm-up loop over it (src/study/sft.ts).
import type { TokenSequence, Trainer } from '../engines/types.ts';
import { TribunalError } from '../core/errors.ts';

export async function sftStep(trainer: Trainer, batch: readonly TokenSequence[]): Promise<{ loss: number; applied: boolean }> {
  if (batch.length === 0) throw new TribunalError('BAD_MESSAGE', 'sft on an empty batch');
  const normalizer = batch.reduce((n, s) => n + s.tokensT.length, 0);
  const fb = await trainer.forwardBackward({ kind: 'cross_entropy', seqs: [...batch], normalizer, thenStep: true });
  const step = fb.step ?? await trainer.optimStep();
  return { loss: fb.loss, applied: step.applied };
}
