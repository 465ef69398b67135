// Original file: proto/trainer.proto

import type { SampledPrompt as _tribunal_trainer_v1_SampledPrompt, SampledPrompt__Output as _tribunal_trainer_v1_SampledPrompt__Output } from '../../../tribunal/trainer/v1/SampledPrompt.ts';
import type { Long } from '@grpc/proto-loader';

export interface SampleReply {
  'prompts'?: (_tribunal_trainer_v1_SampledPrompt)[];
  /**
   * the version of the weights sampled (the snapshot's with from_snapshot)
   */
  'weightsVersion'?: (number | string | Long);
  /**
   * the service process that sampled (ModelInfo.instance)
   */
  'instance'?: (string);
}

export interface SampleReply__Output {
  'prompts': (_tribunal_trainer_v1_SampledPrompt__Output)[];
  /**
   * the version of the weights sampled (the snapshot's with from_snapshot)
   */
  'weightsVersion': (number);
  /**
   * the service process that sampled (ModelInfo.instance)
   */
  'instance': (string);
}
