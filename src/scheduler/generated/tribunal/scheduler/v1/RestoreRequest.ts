// Original file: proto/scheduler.proto


export interface RestoreRequest {
  'version'?: (number);
}

export interface RestoreRequest__Output {
  'version': (number);
}
