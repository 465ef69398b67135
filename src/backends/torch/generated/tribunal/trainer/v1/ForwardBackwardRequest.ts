// Original file: proto/trainer.proto

import type { TokenBatch as _tribunal_trainer_v1_TokenBatch, TokenBatch__Output as _tribunal_trainer_v1_TokenBatch__Output } from '../../../tribunal/trainer/v1/TokenBatch.ts';
import type { PpoLoss as _tribunal_trainer_v1_PpoLoss, PpoLoss__Output as _tribunal_trainer_v1_PpoLoss__Output } from '../../../tribunal/trainer/v1/PpoLoss.ts';

/**
 * loss = sum over completion tokens of loss_t / normalizer, where
 * ppo:           loss_t = -min(r_t * A_t, clip(r_t, 1 - clip_low, 1 + clip_high) * A_t) + kl_beta * k3_t,
 * r_t = exp(logp_new_t - logp_prox_t); A_t already holds the truncated
 * importance weight (w_t * A, computed by the caller; src/rl).
 * With prox_from_forward, pi_prox is this pass itself (the weights before
 * the update: the first mini-batch of one): logp_prox_t = logp_new_t
 * detached, and A_t = A * min(exp(logp_prox_t - logp_mu_t), importance_cap)
 * from advantages_f32 (the raw A per token) and behaviour_logprobs_f32.
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
  /**
   * ppo: pi_prox is this forward pass (no logp_prox_f32); see above
   */
  'proxFromForward'?: (boolean);
  /**
   * ppo with prox_from_forward: log mu per completion token
   */
  'behaviourLogprobsF32'?: (Buffer | Uint8Array | string);
  /**
   * ppo with prox_from_forward: c of min(pi_prox / mu, c), > 0
   */
  'importanceCap'?: (number | string);
}

/**
 * loss = sum over completion tokens of loss_t / normalizer, where
 * ppo:           loss_t = -min(r_t * A_t, clip(r_t, 1 - clip_low, 1 + clip_high) * A_t) + kl_beta * k3_t,
 * r_t = exp(logp_new_t - logp_prox_t); A_t already holds the truncated
 * importance weight (w_t * A, computed by the caller; src/rl).
 * With prox_from_forward, pi_prox is this pass itself (the weights before
 * the update: the first mini-batch of one): logp_prox_t = logp_new_t
 * detached, and A_t = A * min(exp(logp_prox_t - logp_mu_t), importance_cap)
 * from advantages_f32 (the raw A per token) and behaviour_logprobs_f32.
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
  /**
   * ppo: pi_prox is this forward pass (no logp_prox_f32); see above
   */
  'proxFromForward': (boolean);
  /**
   * ppo with prox_from_forward: log mu per completion token
   */
  'behaviourLogprobsF32': (Buffer);
  /**
   * ppo with prox_from_forward: c of min(pi_prox / mu, c), > 0
   */
  'importanceCap': (number);
}
