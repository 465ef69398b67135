// Original file: proto/trainer.proto

import type { TokenBatch as _tribunal_trainer_v1_TokenBatch, TokenBatch__Output as _tribunal_trainer_v1_TokenBatch__Output } from '../../../tribunal/trainer/v1/TokenBatch.ts';

export interface LogprobsRequest {
  'batch'?: (_tribunal_trainer_v1_TokenBatch | null);
  /**
   * the initial policy: LoRA with the adapter disabled, else the frozen copy
   */
  'reference'?: (boolean);
  /**
   * 0: the loaded temperature
   */
  'temperature'?: (number | string);
}

export interface LogprobsRequest__Output {
  'batch': (_tribunal_trainer_v1_TokenBatch__Output | null);
  /**
   * the initial policy: LoRA with the adapter disabled, else the frozen copy
   */
  'reference': (boolean);
  /**
   * 0: the loaded temperature
   */
  'temperature': (number);
}
