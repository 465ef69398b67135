// Original file: proto/trainer.proto


export interface TokenizeReply {
  'lengthsI32'?: (Buffer | Uint8Array | string);
  'tokensI32'?: (Buffer | Uint8Array | string);
}

export interface TokenizeReply__Output {
  'lengthsI32': (Buffer);
  'tokensI32': (Buffer);
}
