// Original file: proto/trainer.proto


/**
 * S sequences, each prompt tokens then completion tokens. Only completion
 * tokens are scored or carry a loss.
 */
export interface TokenBatch {
  /**
   * S values
   */
  'promptLengthsI32'?: (Buffer | Uint8Array | string);
  /**
   * S values
   */
  'completionLengthsI32'?: (Buffer | Uint8Array | string);
  /**
   * sum(prompt + completion lengths) values
   */
  'tokensI32'?: (Buffer | Uint8Array | string);
}

/**
 * S sequences, each prompt tokens then completion tokens. Only completion
 * tokens are scored or carry a loss.
 */
export interface TokenBatch__Output {
  /**
   * S values
   */
  'promptLengthsI32': (Buffer);
  /**
   * S values
   */
  'completionLengthsI32': (Buffer);
  /**
   * sum(prompt + completion lengths) values
   */
  'tokensI32': (Buffer);
}
