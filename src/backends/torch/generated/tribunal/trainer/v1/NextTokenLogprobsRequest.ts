// Original file: proto/trainer.proto


export interface NextTokenLogprobsRequest {
  'lengthsI32'?: (Buffer | Uint8Array | string);
  /**
   * the prefixes
   */
  'tokensI32'?: (Buffer | Uint8Array | string);
  /**
   * token ids scored after every prefix
   */
  'candidatesI32'?: (Buffer | Uint8Array | string);
  /**
   * 0: 1
   */
  'temperature'?: (number | string);
}

export interface NextTokenLogprobsRequest__Output {
  'lengthsI32': (Buffer);
  /**
   * the prefixes
   */
  'tokensI32': (Buffer);
  /**
   * token ids scored after every prefix
   */
  'candidatesI32': (Buffer);
  /**
   * 0: 1
   */
  'temperature': (number);
}
