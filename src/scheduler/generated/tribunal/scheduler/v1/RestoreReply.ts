// Original file: proto/scheduler.proto


export interface RestoreReply {
  /**
   * Prompts consumed after `version`, now pending again.
   */
  'reissued'?: (number);
}

export interface RestoreReply__Output {
  /**
   * Prompts consumed after `version`, now pending again.
   */
  'reissued': (number);
}
