// Original file: proto/trainer.proto

import type { LoraConfig as _tribunal_trainer_v1_LoraConfig, LoraConfig__Output as _tribunal_trainer_v1_LoraConfig__Output } from '../../../tribunal/trainer/v1/LoraConfig.ts';
import type { OptimizerConfig as _tribunal_trainer_v1_OptimizerConfig, OptimizerConfig__Output as _tribunal_trainer_v1_OptimizerConfig__Output } from '../../../tribunal/trainer/v1/OptimizerConfig.ts';
import type { Long } from '@grpc/proto-loader';

export interface LoadRequest {
  /**
   * local HF dir: config.json, *.safetensors, tokenizer files
   */
  'modelDir'?: (string);
  'lora'?: (_tribunal_trainer_v1_LoraConfig | null);
  'optimizer'?: (_tribunal_trainer_v1_OptimizerConfig | null);
  /**
   * false: inference only (no optimizer, no gradients)
   */
  'train'?: (boolean);
  /**
   * Logprobs and the ppo loss use softmax(logits / temperature): the sampler's temperature
   */
  'temperature'?: (number | string);
  /**
   * float32 | bfloat16 | float16 (compute; master weights and optimizer stay fp32)
   */
  'dtype'?: (string);
  /**
   * auto | cpu | cuda | cuda:N
   */
  'device'?: (string);
  'seed'?: (number | string | Long);
  'gradientCheckpointing'?: (boolean);
  /**
   * sequences per forward inside one call; 0: all at once
   */
  'microBatchSize'?: (number);
}

export interface LoadRequest__Output {
  /**
   * local HF dir: config.json, *.safetensors, tokenizer files
   */
  'modelDir': (string);
  'lora': (_tribunal_trainer_v1_LoraConfig__Output | null);
  'optimizer': (_tribunal_trainer_v1_OptimizerConfig__Output | null);
  /**
   * false: inference only (no optimizer, no gradients)
   */
  'train': (boolean);
  /**
   * Logprobs and the ppo loss use softmax(logits / temperature): the sampler's temperature
   */
  'temperature': (number);
  /**
   * float32 | bfloat16 | float16 (compute; master weights and optimizer stay fp32)
   */
  'dtype': (string);
  /**
   * auto | cpu | cuda | cuda:N
   */
  'device': (string);
  'seed': (number);
  'gradientCheckpointing': (boolean);
  /**
   * sequences per forward inside one call; 0: all at once
   */
  'microBatchSize': (number);
}
