// Original file: proto/trainer.proto

import type { WeightsRef as _tribunal_trainer_v1_WeightsRef, WeightsRef__Output as _tribunal_trainer_v1_WeightsRef__Output } from '../../../tribunal/trainer/v1/WeightsRef.ts';

export interface LoadWeightsRequest {
  'ref'?: (_tribunal_trainer_v1_WeightsRef | null);
}

export interface LoadWeightsRequest__Output {
  'ref': (_tribunal_trainer_v1_WeightsRef__Output | null);
}
