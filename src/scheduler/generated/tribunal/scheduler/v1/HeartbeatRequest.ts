// Original file: proto/scheduler.proto


export interface HeartbeatRequest {
  'actorId'?: (string);
}

export interface HeartbeatRequest__Output {
  'actorId': (string);
}
