// Original file: proto/trainer.proto


export interface LoadCheckpointRequest {
  'dir'?: (string);
}

export interface LoadCheckpointRequest__Output {
  'dir': (string);
}
