// Original file: proto/scheduler.proto

import type { Counters as _tribunal_scheduler_v1_Counters, Counters__Output as _tribunal_scheduler_v1_Counters__Output } from '../../../tribunal/scheduler/v1/Counters.ts';
import type { ActorInfo as _tribunal_scheduler_v1_ActorInfo, ActorInfo__Output as _tribunal_scheduler_v1_ActorInfo__Output } from '../../../tribunal/scheduler/v1/ActorInfo.ts';

export interface GetStateReply {
  'phase'?: (string);
  'version'?: (number);
  'counters'?: (_tribunal_scheduler_v1_Counters | null);
  'actors'?: (_tribunal_scheduler_v1_ActorInfo)[];
  'done'?: (boolean);
}

export interface GetStateReply__Output {
  'phase': (string);
  'version': (number);
  'counters': (_tribunal_scheduler_v1_Counters__Output | null);
  'actors': (_tribunal_scheduler_v1_ActorInfo__Output)[];
  'done': (boolean);
}
