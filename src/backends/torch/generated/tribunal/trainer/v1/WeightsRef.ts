// Original file: proto/trainer.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A small, self-checking pointer to exported weights; what the learner announces.
 */
export interface WeightsRef {
  /**
   * the dir; for memory, empty (the caller knows the service's address)
   */
  'path'?: (string);
  /**
   * lora | full | memory
   */
  'kind'?: (string);
  'baseModel'?: (string);
  /**
   * "sha256:" + hex over every file below the dir, by relative path (trainer/tribunal_trainer/digest.py, src/runtime/dir-digest.ts);
   */
  'digest'?: (string);
  /**
   * for memory, "instance:" + ModelInfo.instance
   */
  'version'?: (number | string | Long);
  'bytes'?: (number | string | Long);
}

/**
 * A small, self-checking pointer to exported weights; what the learner announces.
 */
export interface WeightsRef__Output {
  /**
   * the dir; for memory, empty (the caller knows the service's address)
   */
  'path': (string);
  /**
   * lora | full | memory
   */
  'kind': (string);
  'baseModel': (string);
  /**
   * "sha256:" + hex over every file below the dir, by relative path (trainer/tribunal_trainer/digest.py, src/runtime/dir-digest.ts);
   */
  'digest': (string);
  /**
   * for memory, "instance:" + ModelInfo.instance
   */
  'version': (number);
  'bytes': (number);
}
