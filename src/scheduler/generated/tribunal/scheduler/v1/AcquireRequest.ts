// Original file: proto/scheduler.proto


export interface AcquireRequest {
  'actorId'?: (string);
  'max'?: (number);
  'waitMs'?: (number);
}

export interface AcquireRequest__Output {
  'actorId': (string);
  'max': (number);
  'waitMs': (number);
}
