// Original file: proto/trainer.proto

import type { Long } from '@grpc/proto-loader';

export interface ExportWeightsRequest {
  /**
   * written atomically (a temp dir renamed into place); unused for memory
   */
  'dir'?: (string);
  /**
   * lora | full (lora needs a LoRA model) | memory: a sampling copy in
   */
  'kind'?: (string);
  /**
   * this process, updated in place, that Sample from_snapshot reads
   * (colocated samplers: no disk, no digest of files)
   */
  'version'?: (number | string | Long);
}

export interface ExportWeightsRequest__Output {
  /**
   * written atomically (a temp dir renamed into place); unused for memory
   */
  'dir': (string);
  /**
   * lora | full (lora needs a LoRA model) | memory: a sampling copy in
   */
  'kind': (string);
  /**
   * this process, updated in place, that Sample from_snapshot reads
   * (colocated samplers: no disk, no digest of files)
   */
  'version': (number);
}
