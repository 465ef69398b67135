// Original file: proto/trainer.proto

import type { Long } from '@grpc/proto-loader';

export interface ExportWeightsRequest {
  /**
   * written atomically (a temp dir renamed into place)
   */
  'dir'?: (string);
  /**
   * lora | full (lora needs a LoRA model)
   */
  'kind'?: (string);
  'version'?: (number | string | Long);
}

export interface ExportWeightsRequest__Output {
  /**
   * written atomically (a temp dir renamed into place)
   */
  'dir': (string);
  /**
   * lora | full (lora needs a LoRA model)
   */
  'kind': (string);
  'version': (number);
}
