// Original file: proto/trainer.proto


export interface DetokenizeRequest {
  'lengthsI32'?: (Buffer | Uint8Array | string);
  'tokensI32'?: (Buffer | Uint8Array | string);
  'skipSpecialTokens'?: (boolean);
}

export interface DetokenizeRequest__Output {
  'lengthsI32': (Buffer);
  'tokensI32': (Buffer);
  'skipSpecialTokens': (boolean);
}
