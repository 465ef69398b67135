// Original file: proto/scheduler.proto


export interface SetPhaseRequest {
  'phase'?: (string);
}

export interface SetPhaseRequest__Output {
  'phase': (string);
}
