// Original file: proto/scheduler.proto


export interface HeartbeatReply {
  'known'?: (boolean);
  /**
   * starting | training | evaluating | draining | done
   */
  'phase'?: (string);
  'version'?: (number);
  /**
   * Every prompt of the run is consumed.
   */
  'done'?: (boolean);
}

export interface HeartbeatReply__Output {
  'known': (boolean);
  /**
   * starting | training | evaluating | draining | done
   */
  'phase': (string);
  'version': (number);
  /**
   * Every prompt of the run is consumed.
   */
  'done': (boolean);
}
