// Original file: proto/trainer.proto

import type { OptimStepReply as _tribunal_trainer_v1_OptimStepReply, OptimStepReply__Output as _tribunal_trainer_v1_OptimStepReply__Output } from '../../../tribunal/trainer/v1/OptimStepReply.ts';

export interface ForwardBackwardReply {
  /**
   * this call's share: sum(loss_t) / normalizer
   */
  'loss'?: (number | string);
  /**
   * per completion token, at the loss's temperature
   */
  'logpNewF32'?: (Buffer | Uint8Array | string);
  'tokens'?: (number);
  /**
   * set when the request asked for optim_step
   */
  'optim'?: (_tribunal_trainer_v1_OptimStepReply | null);
}

export interface ForwardBackwardReply__Output {
  /**
   * this call's share: sum(loss_t) / normalizer
   */
  'loss': (number);
  /**
   * per completion token, at the loss's temperature
   */
  'logpNewF32': (Buffer);
  'tokens': (number);
  /**
   * set when the request asked for optim_step
   */
  'optim': (_tribunal_trainer_v1_OptimStepReply__Output | null);
}
