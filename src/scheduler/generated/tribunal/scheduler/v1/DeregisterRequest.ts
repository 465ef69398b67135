// Original file: proto/scheduler.proto


export interface DeregisterRequest {
  'actorId'?: (string);
}

export interface DeregisterRequest__Output {
  'actorId': (string);
}
