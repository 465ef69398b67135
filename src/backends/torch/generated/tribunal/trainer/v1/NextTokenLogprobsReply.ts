// Original file: proto/trainer.proto


export interface NextTokenLogprobsReply {
  /**
   * prefixes x candidates, row-major, over the full vocabulary
   */
  'logprobsF32'?: (Buffer | Uint8Array | string);
}

export interface NextTokenLogprobsReply__Output {
  /**
   * prefixes x candidates, row-major, over the full vocabulary
   */
  'logprobsF32': (Buffer);
}
