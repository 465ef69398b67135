// Original file: proto/scheduler.proto


export interface Grant {
  'promptId'?: (string);
  /**
   * Index into the prompt dataset (sequence number modulo the dataset size).
   */
  'index'?: (number);
  'attempt'?: (number);
}

export interface Grant__Output {
  'promptId': (string);
  /**
   * Index into the prompt dataset (sequence number modulo the dataset size).
   */
  'index': (number);
  'attempt': (number);
}
