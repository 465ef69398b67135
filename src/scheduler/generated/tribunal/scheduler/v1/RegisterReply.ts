// Original file: proto/scheduler.proto


export interface RegisterReply {
  'actorId'?: (string);
  'leaseMs'?: (number);
  'heartbeatMs'?: (number);
}

export interface RegisterReply__Output {
  'actorId': (string);
  'leaseMs': (number);
  'heartbeatMs': (number);
}
