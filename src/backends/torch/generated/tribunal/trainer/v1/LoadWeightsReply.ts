// Original file: proto/trainer.proto

import type { Long } from '@grpc/proto-loader';

export interface LoadWeightsReply {
  'version'?: (number | string | Long);
}

export interface LoadWeightsReply__Output {
  'version': (number);
}
