// Original file: proto/trainer.proto

import type { Long } from '@grpc/proto-loader';

export interface SaveCheckpointReply {
  'bytes'?: (number | string | Long);
}

export interface SaveCheckpointReply__Output {
  'bytes': (number);
}
