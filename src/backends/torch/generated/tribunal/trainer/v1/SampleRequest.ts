// Original file: proto/trainer.proto

import type { TokenBatch as _tribunal_trainer_v1_TokenBatch, TokenBatch__Output as _tribunal_trainer_v1_TokenBatch__Output } from '../../../tribunal/trainer/v1/TokenBatch.ts';
import type { Long } from '@grpc/proto-loader';

export interface SampleRequest {
  /**
   * text (chat_template applies), or empty when prompt_tokens is set
   */
  'prompts'?: (string)[];
  /**
   * prompt_lengths and tokens only
   */
  'promptTokens'?: (_tribunal_trainer_v1_TokenBatch | null);
  'chatTemplate'?: (boolean);
  /**
   * completions per prompt
   */
  'n'?: (number);
  'maxNewTokens'?: (number);
  /**
   * 0: greedy
   */
  'temperature'?: (number | string);
  /**
   * 0 or 1: off
   */
  'topP'?: (number | string);
  /**
   * <= 0: off
   */
  'topK'?: (number);
  /**
   * always used (0 is a seed too): vary it per request
   */
  'seed'?: (number | string | Long);
  /**
   * stop strings (the completion keeps them)
   */
  'stop'?: (string)[];
  /**
   * one per prompt (each prompt's draws its own stream); empty: `seed` for the whole batch
   */
  'seeds'?: (number | string | Long)[];
  /**
   * sample the last memory export (ExportWeights kind memory), not the live weights
   */
  'fromSnapshot'?: (boolean);
}

export interface SampleRequest__Output {
  /**
   * text (chat_template applies), or empty when prompt_tokens is set
   */
  'prompts': (string)[];
  /**
   * prompt_lengths and tokens only
   */
  'promptTokens': (_tribunal_trainer_v1_TokenBatch__Output | null);
  'chatTemplate': (boolean);
  /**
   * completions per prompt
   */
  'n': (number);
  'maxNewTokens': (number);
  /**
   * 0: greedy
   */
  'temperature': (number);
  /**
   * 0 or 1: off
   */
  'topP': (number);
  /**
   * <= 0: off
   */
  'topK': (number);
  /**
   * always used (0 is a seed too): vary it per request
   */
  'seed': (number);
  /**
   * stop strings (the completion keeps them)
   */
  'stop': (string)[];
  /**
   * one per prompt (each prompt's draws its own stream); empty: `seed` for the whole batch
   */
  'seeds': (number)[];
  /**
   * sample the last memory export (ExportWeights kind memory), not the live weights
   */
  'fromSnapshot': (boolean);
}
