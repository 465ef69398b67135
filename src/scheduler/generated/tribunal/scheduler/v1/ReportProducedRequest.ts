// Original file: proto/scheduler.proto


export interface ReportProducedRequest {
  'actorId'?: (string);
  'promptId'?: (string);
  'attempt'?: (number);
}

export interface ReportProducedRequest__Output {
  'actorId': (string);
  'promptId': (string);
  'attempt': (number);
}
