// Original file: proto/scheduler.proto


export interface RegisterRequest {
  /**
   * rollout | judge | gold | learner | other
   */
  'kind'?: (string);
  /**
   * Empty: the scheduler assigns one. Set: re-register under that id.
   */
  'actorId'?: (string);
  'host'?: (string);
  'pid'?: (number);
}

export interface RegisterRequest__Output {
  /**
   * rollout | judge | gold | learner | other
   */
  'kind': (string);
  /**
   * Empty: the scheduler assigns one. Set: re-register under that id.
   */
  'actorId': (string);
  'host': (string);
  'pid': (number);
}
