// Original file: proto/trainer.proto

import type { Long } from '@grpc/proto-loader';

export interface LoadCheckpointReply {
  'metaJson'?: (string);
  'optimizerStep'?: (number | string | Long);
}

export interface LoadCheckpointReply__Output {
  'metaJson': (string);
  'optimizerStep': (number);
}
