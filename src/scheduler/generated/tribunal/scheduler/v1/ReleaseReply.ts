// Original file: proto/scheduler.proto


export interface ReleaseReply {
  'released'?: (number);
}

export interface ReleaseReply__Output {
  'released': (number);
}
