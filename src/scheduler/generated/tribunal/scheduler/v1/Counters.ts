// Original file: proto/scheduler.proto


export interface Counters {
  'pending'?: (number);
  'running'?: (number);
  'produced'?: (number);
  'consumed'?: (number);
  'duplicates'?: (number);
  'reissued'?: (number);
  'total'?: (number);
}

export interface Counters__Output {
  'pending': (number);
  'running': (number);
  'produced': (number);
  'consumed': (number);
  'duplicates': (number);
  'reissued': (number);
  'total': (number);
}
