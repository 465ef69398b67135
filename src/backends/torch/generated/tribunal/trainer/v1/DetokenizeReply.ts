// Original file: proto/trainer.proto


export interface DetokenizeReply {
  'texts'?: (string)[];
}

export interface DetokenizeReply__Output {
  'texts': (string)[];
}
