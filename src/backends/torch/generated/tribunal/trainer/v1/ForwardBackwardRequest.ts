// Original file: proto/trainer.proto

import type { TokenBatch as _tribunal_trainer_v1_TokenBatch, TokenBatch__Output as _tribunal_trainer_v1_TokenBatch__Output } from '../../../tribunal/trainer/v1/TokenBatch.ts';
import type { PpoLoss as _tribunal_trainer_v1_PpoLoss, PpoLoss__Output as _tribunal_trainer_v1_PpoLoss__Output } from '../../../tribunal/trainer/v1/PpoLoss.ts';

/**
 * loss = sum over completion tokens of loss_t / normalizer, where
 * ppo:           loss_t = -min(r_t * A_t, clip(r_t, 1 - clip_low, 1 + clip_high) * A_t) + kl_beta * k3_t,
 * r_t = exp(logp_new_t - logp_prox_t); A_t already holds the truncated
 * importance weight (w_t * A, computed by the caller; src/rl).
 * cross_entropy: loss_t = -logp_new_t (at temperature 1).
 * normalizer: the token count of the whole mini-batch, so micro-batches sum to its token mean.
 */
export interface ForwardBackwardRequest {
  'batch'?: (_tribunal_trainer_v1_TokenBatch | null);
  /**
   * ppo | cross_entropy
   */
  'loss'?: (string);
  /**
   * ppo: per completion token
   */
  'advantagesF32'?: (Buffer | Uint8Array | string);
  /**
   * ppo: per completion token
   */
  'logpProxF32'?: (Buffer | Uint8Array | string);
  /**
   * ppo with kl_beta > 0: per completion token
   */
  'logpRefF32'?: (Buffer | Uint8Array | string);
  'ppo'?: (_tribunal_trainer_v1_PpoLoss | null);
  'normalizer'?: (number | string);
  /**
   * then run OptimStep (one round trip per mini-batch); its reply in `optim`
   */
  'optimStep'?: (boolean);
}

/**
 * loss = sum over completion tokens of loss_t / normalizer, where
 * ppo:           loss_t = -min(r_t * A_t, clip(r_t, 1 - clip_low, 1 + clip_high) * A_t) + kl_beta * k3_t,
 * r_t = exp(logp_new_t - logp_prox_t); A_t already holds the truncated
 * importance weight (w_t * A, computed by the caller; src/rl).
 * cross_entropy: loss_t = -logp_new_t (at temperature 1).
 * normalizer: the token count of the whole mini-batch, so micro-batches sum to its token mean.
 */
export interface ForwardBackwardRequest__Output {
  'batch': (_tribunal_trainer_v1_TokenBatch__Output | null);
  /**
   * ppo | cross_entropy
   */
  'loss': (string);
  /**
   * ppo: per completion token
   */
  'advantagesF32': (Buffer);
  /**
   * ppo: per completion token
   */
  'logpProxF32': (Buffer);
  /**
   * ppo with kl_beta > 0: per completion token
   */
  'logpRefF32': (Buffer);
  'ppo': (_tribunal_trainer_v1_PpoLoss__Output | null);
  'normalizer': (number);
  /**
   * then run OptimStep (one round trip per mini-batch); its reply in `optim`
   */
  'optimStep': (boolean);
}
