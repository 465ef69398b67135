// Original file: proto/scheduler.proto


export interface DeregisterReply {
  'known'?: (boolean);
  /**
   * Running prompts of the actor put back to pending.
   */
  'released'?: (number);
}

export interface DeregisterReply__Output {
  'known': (boolean);
  /**
   * Running prompts of the actor put back to pending.
   */
  'released': (number);
}
