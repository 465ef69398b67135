// Original file: proto/trainer.proto

import type { SampledPrompt as _tribunal_trainer_v1_SampledPrompt, SampledPrompt__Output as _tribunal_trainer_v1_SampledPrompt__Output } from '../../../tribunal/trainer/v1/SampledPrompt.ts';

export interface SampleReply {
  'prompts'?: (_tribunal_trainer_v1_SampledPrompt)[];
}

export interface SampleReply__Output {
  'prompts': (_tribunal_trainer_v1_SampledPrompt__Output)[];
}
