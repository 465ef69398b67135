// Original file: proto/trainer.proto


export interface LogprobsReply {
  /**
   * sum(completion lengths) values
   */
  'logprobsF32'?: (Buffer | Uint8Array | string);
}

export interface LogprobsReply__Output {
  /**
   * sum(completion lengths) values
   */
  'logprobsF32': (Buffer);
}
