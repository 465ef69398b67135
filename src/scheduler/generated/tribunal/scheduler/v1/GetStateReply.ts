// Original file: proto/scheduler.proto

import type { Counters as _tribunal_scheduler_v1_Counters, Counters__Output as _tribunal_scheduler_v1_Counters__Output } from '../../../tribunal/scheduler/v1/Counters.ts';
import type { ActorInfo as _tribunal_scheduler_v1_ActorInfo, ActorInfo__Output as _tribunal_scheduler_v1_ActorInfo__Output } from '../../../tribunal/scheduler/v1/ActorInfo.ts';
import type { Admission as _tribunal_scheduler_v1_Admission, Admission__Output as _tribunal_scheduler_v1_Admission__Output } from '../../../tribunal/scheduler/v1/Admission.ts';

export interface GetStateReply {
  'phase'?: (string);
  'version'?: (number);
  'counters'?: (_tribunal_scheduler_v1_Counters | null);
  'actors'?: (_tribunal_scheduler_v1_ActorInfo)[];
  'done'?: (boolean);
  'admission'?: (_tribunal_scheduler_v1_Admission | null);
}

export interface GetStateReply__Output {
  'phase': (string);
  'version': (number);
  'counters': (_tribunal_scheduler_v1_Counters__Output | null);
  'actors': (_tribunal_scheduler_v1_ActorInfo__Output)[];
  'done': (boolean);
  'admission': (_tribunal_scheduler_v1_Admission__Output | null);
}
