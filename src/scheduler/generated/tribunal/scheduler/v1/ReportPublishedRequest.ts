// Original file: proto/scheduler.proto


export interface ReportPublishedRequest {
  'actorId'?: (string);
  'version'?: (number);
}

export interface ReportPublishedRequest__Output {
  'actorId': (string);
  'version': (number);
}
