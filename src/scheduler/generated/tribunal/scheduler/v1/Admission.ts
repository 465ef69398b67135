// Original file: proto/scheduler.proto


/**
 * Staleness admission (AReaL's rule): prompts may be granted while
 * (eta + published_version + 1) * batch_size > produced + consumed + running.
 */
export interface Admission {
  'eta'?: (number);
  'batchSize'?: (number);
  /**
   * Prompts that may be granted now; 0: closed until the learner's next publication.
   */
  'openSlots'?: (number);
  /**
   * The version admission counts from (see AcquireReply.published_version).
   */
  'publishedVersion'?: (number);
}

/**
 * Staleness admission (AReaL's rule): prompts may be granted while
 * (eta + published_version + 1) * batch_size > produced + consumed + running.
 */
export interface Admission__Output {
  'eta': (number);
  'batchSize': (number);
  /**
   * Prompts that may be granted now; 0: closed until the learner's next publication.
   */
  'openSlots': (number);
  /**
   * The version admission counts from (see AcquireReply.published_version).
   */
  'publishedVersion': (number);
}
