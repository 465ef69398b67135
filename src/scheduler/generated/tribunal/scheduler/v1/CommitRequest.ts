// Original file: proto/scheduler.proto

import type { PromptItem as _tribunal_scheduler_v1_PromptItem, PromptItem__Output as _tribunal_scheduler_v1_PromptItem__Output } from '../../../tribunal/scheduler/v1/PromptItem.ts';

export interface CommitRequest {
  'actorId'?: (string);
  /**
   * The policy version the learner step produced (never below the clock).
   */
  'version'?: (number);
  'items'?: (_tribunal_scheduler_v1_PromptItem)[];
}

export interface CommitRequest__Output {
  'actorId': (string);
  /**
   * The policy version the learner step produced (never below the clock).
   */
  'version': (number);
  'items': (_tribunal_scheduler_v1_PromptItem__Output)[];
}
