// Original file: proto/trainer.proto

import type { Long } from '@grpc/proto-loader';

export interface OptimStepReply {
  'applied'?: (boolean);
  /**
   * before clipping
   */
  'gradNorm'?: (number | string);
  /**
   * the rate this step used
   */
  'lr'?: (number | string);
  /**
   * optimizer steps applied so far
   */
  'step'?: (number | string | Long);
}

export interface OptimStepReply__Output {
  'applied': (boolean);
  /**
   * before clipping
   */
  'gradNorm': (number);
  /**
   * the rate this step used
   */
  'lr': (number);
  /**
   * optimizer steps applied so far
   */
  'step': (number);
}
