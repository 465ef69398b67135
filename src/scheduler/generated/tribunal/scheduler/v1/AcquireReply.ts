// Original file: proto/scheduler.proto

import type { Grant as _tribunal_scheduler_v1_Grant, Grant__Output as _tribunal_scheduler_v1_Grant__Output } from '../../../tribunal/scheduler/v1/Grant.ts';

export interface AcquireReply {
  'grants'?: (_tribunal_scheduler_v1_Grant)[];
  'version'?: (number);
  'phase'?: (string);
  /**
   * Suggested pause before the next Acquire when no grant came back.
   */
  'retryAfterMs'?: (number);
  /**
   * Every prompt of the run is consumed: stop asking.
   */
  'done'?: (boolean);
  /**
   * The newest version whose weights the learner has published (at most
   * `version`): grants were admitted against it, so sample with weights at
   * least this new and no group the learner accepts is more than eta old.
   */
  'publishedVersion'?: (number);
}

export interface AcquireReply__Output {
  'grants': (_tribunal_scheduler_v1_Grant__Output)[];
  'version': (number);
  'phase': (string);
  /**
   * Suggested pause before the next Acquire when no grant came back.
   */
  'retryAfterMs': (number);
  /**
   * Every prompt of the run is consumed: stop asking.
   */
  'done': (boolean);
  /**
   * The newest version whose weights the learner has published (at most
   * `version`): grants were admitted against it, so sample with weights at
   * least this new and no group the learner accepts is more than eta old.
   */
  'publishedVersion': (number);
}
