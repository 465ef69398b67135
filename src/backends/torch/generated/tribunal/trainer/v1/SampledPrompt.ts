// Original file: proto/trainer.proto

import type { SampledCompletion as _tribunal_trainer_v1_SampledCompletion, SampledCompletion__Output as _tribunal_trainer_v1_SampledCompletion__Output } from '../../../tribunal/trainer/v1/SampledCompletion.ts';

export interface SampledPrompt {
  'promptTokensI32'?: (Buffer | Uint8Array | string);
  'completions'?: (_tribunal_trainer_v1_SampledCompletion)[];
}

export interface SampledPrompt__Output {
  'promptTokensI32': (Buffer);
  'completions': (_tribunal_trainer_v1_SampledCompletion__Output)[];
}
