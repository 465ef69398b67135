// Original file: proto/trainer.proto

import type { Long } from '@grpc/proto-loader';

export interface ModelInfo {
  'modelDir'?: (string);
  /**
   * model id: config's _name_or_path, else the dir's name
   */
  'baseModel'?: (string);
  /**
   * e.g. Qwen2ForCausalLM
   */
  'architecture'?: (string);
  'vocabSize'?: (number);
  'parameters'?: (number | string | Long);
  'trainableParameters'?: (number | string | Long);
  'lora'?: (boolean);
  'train'?: (boolean);
  'device'?: (string);
  'dtype'?: (string);
  /**
   * processes (FSDP2 ranks) behind this service
   */
  'worldSize'?: (number);
  'optimizerStep'?: (number | string | Long);
  'torchVersion'?: (string);
  'transformersVersion'?: (string);
  'cudaAvailable'?: (boolean);
  'gpus'?: (string)[];
  /**
   * -1: none
   */
  'eosTokenId'?: (number);
  /**
   * -1: none
   */
  'padTokenId'?: (number);
  'maxPositions'?: (number);
  /**
   * digest of the weights now loaded when they came by reference
   */
  'weightsDigest'?: (string);
  'weightsVersion'?: (number | string | Long);
  /**
   * this service process's random id: a memory export names it (ExportWeights kind memory)
   */
  'instance'?: (string);
  /**
   * torch intra-op threads this process computes with
   */
  'threads'?: (number);
  /**
   * torch inter-op threads
   */
  'interopThreads'?: (number);
}

export interface ModelInfo__Output {
  'modelDir': (string);
  /**
   * model id: config's _name_or_path, else the dir's name
   */
  'baseModel': (string);
  /**
   * e.g. Qwen2ForCausalLM
   */
  'architecture': (string);
  'vocabSize': (number);
  'parameters': (number);
  'trainableParameters': (number);
  'lora': (boolean);
  'train': (boolean);
  'device': (string);
  'dtype': (string);
  /**
   * processes (FSDP2 ranks) behind this service
   */
  'worldSize': (number);
  'optimizerStep': (number);
  'torchVersion': (string);
  'transformersVersion': (string);
  'cudaAvailable': (boolean);
  'gpus': (string)[];
  /**
   * -1: none
   */
  'eosTokenId': (number);
  /**
   * -1: none
   */
  'padTokenId': (number);
  'maxPositions': (number);
  /**
   * digest of the weights now loaded when they came by reference
   */
  'weightsDigest': (string);
  'weightsVersion': (number);
  /**
   * this service process's random id: a memory export names it (ExportWeights kind memory)
   */
  'instance': (string);
  /**
   * torch intra-op threads this process computes with
   */
  'threads': (number);
  /**
   * torch inter-op threads
   */
  'interopThreads': (number);
}
