// Original file: proto/trainer.proto


export interface OptimStepRequest {
  /**
   * drop the accumulated gradient, change nothing (the caller found a non-finite input)
   */
  'discard'?: (boolean);
}

export interface OptimStepRequest__Output {
  /**
   * drop the accumulated gradient, change nothing (the caller found a non-finite input)
   */
  'discard': (boolean);
}
