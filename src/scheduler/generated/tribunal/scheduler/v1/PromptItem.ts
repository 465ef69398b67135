// Original file: proto/scheduler.proto


/**
 * A prompt issue: prompt_id is the ledger sequence number as a string,
 * attempt counts the issues of that prompt (1 for the first).
 */
export interface PromptItem {
  'promptId'?: (string);
  'attempt'?: (number);
}

/**
 * A prompt issue: prompt_id is the ledger sequence number as a string,
 * attempt counts the issues of that prompt (1 for the first).
 */
export interface PromptItem__Output {
  'promptId': (string);
  'attempt': (number);
}
