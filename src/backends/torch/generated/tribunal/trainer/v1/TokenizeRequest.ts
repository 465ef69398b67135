// Original file: proto/trainer.proto


export interface TokenizeRequest {
  'texts'?: (string)[];
  /**
   * wrap each as one user message with the generation prompt
   */
  'chatTemplate'?: (boolean);
  'addSpecialTokens'?: (boolean);
}

export interface TokenizeRequest__Output {
  'texts': (string)[];
  /**
   * wrap each as one user message with the generation prompt
   */
  'chatTemplate': (boolean);
  'addSpecialTokens': (boolean);
}
