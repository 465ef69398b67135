// Original file: proto/scheduler.proto


export interface SetPhaseReply {
  'phase'?: (string);
}

export interface SetPhaseReply__Output {
  'phase': (string);
}
