// Original file: proto/trainer.proto


export interface SaveCheckpointRequest {
  'dir'?: (string);
  /**
   * the caller's metadata, stored and returned by LoadCheckpoint
   */
  'metaJson'?: (string);
}

export interface SaveCheckpointRequest__Output {
  'dir': (string);
  /**
   * the caller's metadata, stored and returned by LoadCheckpoint
   */
  'metaJson': (string);
}
