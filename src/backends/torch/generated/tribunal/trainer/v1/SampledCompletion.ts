// Original file: proto/trainer.proto


export interface SampledCompletion {
  'tokensI32'?: (Buffer | Uint8Array | string);
  /**
   * of the sampling distribution (after temperature, top-k, top-p)
   */
  'logprobsF32'?: (Buffer | Uint8Array | string);
  'text'?: (string);
  /**
   * stopped at EOS or a stop string, not the length limit
   */
  'finished'?: (boolean);
}

export interface SampledCompletion__Output {
  'tokensI32': (Buffer);
  /**
   * of the sampling distribution (after temperature, top-k, top-p)
   */
  'logprobsF32': (Buffer);
  'text': (string);
  /**
   * stopped at EOS or a stop string, not the length limit
   */
  'finished': (boolean);
}
