// Original file: proto/scheduler.proto

import type { PromptItem as _tribunal_scheduler_v1_PromptItem, PromptItem__Output as _tribunal_scheduler_v1_PromptItem__Output } from '../../../tribunal/scheduler/v1/PromptItem.ts';

export interface ReleaseRequest {
  'actorId'?: (string);
  'items'?: (_tribunal_scheduler_v1_PromptItem)[];
  'reason'?: (string);
}

export interface ReleaseRequest__Output {
  'actorId': (string);
  'items': (_tribunal_scheduler_v1_PromptItem__Output)[];
  'reason': (string);
}
