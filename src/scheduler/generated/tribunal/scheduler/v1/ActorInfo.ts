// Original file: proto/scheduler.proto


export interface ActorInfo {
  'actorId'?: (string);
  'kind'?: (string);
  'host'?: (string);
  'pid'?: (number);
  /**
   * Milliseconds since the actor was last heard from.
   */
  'silentMs'?: (number | string);
  'running'?: (number);
}

export interface ActorInfo__Output {
  'actorId': (string);
  'kind': (string);
  'host': (string);
  'pid': (number);
  /**
   * Milliseconds since the actor was last heard from.
   */
  'silentMs': (number);
  'running': (number);
}
