// Original file: proto/scheduler.proto


export interface CommitReply {
  'consumed'?: (string)[];
  'duplicates'?: (string)[];
  'version'?: (number);
}

export interface CommitReply__Output {
  'consumed': (string)[];
  'duplicates': (string)[];
  'version': (number);
}
