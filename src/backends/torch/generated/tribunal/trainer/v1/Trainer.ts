// Original file: proto/trainer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DetokenizeReply as _tribunal_trainer_v1_DetokenizeReply, DetokenizeReply__Output as _tribunal_trainer_v1_DetokenizeReply__Output } from '../../../tribunal/trainer/v1/DetokenizeReply.ts';
import type { DetokenizeRequest as _tribunal_trainer_v1_DetokenizeRequest, DetokenizeRequest__Output as _tribunal_trainer_v1_DetokenizeRequest__Output } from '../../../tribunal/trainer/v1/DetokenizeRequest.ts';
import type { ExportWeightsRequest as _tribunal_trainer_v1_ExportWeightsRequest, ExportWeightsRequest__Output as _tribunal_trainer_v1_ExportWeightsRequest__Output } from '../../../tribunal/trainer/v1/ExportWeightsRequest.ts';
import type { ForwardBackwardReply as _tribunal_trainer_v1_ForwardBackwardReply, ForwardBackwardReply__Output as _tribunal_trainer_v1_ForwardBackwardReply__Output } from '../../../tribunal/trainer/v1/ForwardBackwardReply.ts';
import type { ForwardBackwardRequest as _tribunal_trainer_v1_ForwardBackwardRequest, ForwardBackwardRequest__Output as _tribunal_trainer_v1_ForwardBackwardRequest__Output } from '../../../tribunal/trainer/v1/ForwardBackwardRequest.ts';
import type { InfoRequest as _tribunal_trainer_v1_InfoRequest, InfoRequest__Output as _tribunal_trainer_v1_InfoRequest__Output } from '../../../tribunal/trainer/v1/InfoRequest.ts';
import type { LoadCheckpointReply as _tribunal_trainer_v1_LoadCheckpointReply, LoadCheckpointReply__Output as _tribunal_trainer_v1_LoadCheckpointReply__Output } from '../../../tribunal/trainer/v1/LoadCheckpointReply.ts';
import type { LoadCheckpointRequest as _tribunal_trainer_v1_LoadCheckpointRequest, LoadCheckpointRequest__Output as _tribunal_trainer_v1_LoadCheckpointRequest__Output } from '../../../tribunal/trainer/v1/LoadCheckpointRequest.ts';
import type { LoadRequest as _tribunal_trainer_v1_LoadRequest, LoadRequest__Output as _tribunal_trainer_v1_LoadRequest__Output } from '../../../tribunal/trainer/v1/LoadRequest.ts';
import type { LoadWeightsReply as _tribunal_trainer_v1_LoadWeightsReply, LoadWeightsReply__Output as _tribunal_trainer_v1_LoadWeightsReply__Output } from '../../../tribunal/trainer/v1/LoadWeightsReply.ts';
import type { LoadWeightsRequest as _tribunal_trainer_v1_LoadWeightsRequest, LoadWeightsRequest__Output as _tribunal_trainer_v1_LoadWeightsRequest__Output } from '../../../tribunal/trainer/v1/LoadWeightsRequest.ts';
import type { LogprobsReply as _tribunal_trainer_v1_LogprobsReply, LogprobsReply__Output as _tribunal_trainer_v1_LogprobsReply__Output } from '../../../tribunal/trainer/v1/LogprobsReply.ts';
import type { LogprobsRequest as _tribunal_trainer_v1_LogprobsRequest, LogprobsRequest__Output as _tribunal_trainer_v1_LogprobsRequest__Output } from '../../../tribunal/trainer/v1/LogprobsRequest.ts';
import type { ModelInfo as _tribunal_trainer_v1_ModelInfo, ModelInfo__Output as _tribunal_trainer_v1_ModelInfo__Output } from '../../../tribunal/trainer/v1/ModelInfo.ts';
import type { NextTokenLogprobsReply as _tribunal_trainer_v1_NextTokenLogprobsReply, NextTokenLogprobsReply__Output as _tribunal_trainer_v1_NextTokenLogprobsReply__Output } from '../../../tribunal/trainer/v1/NextTokenLogprobsReply.ts';
import type { NextTokenLogprobsRequest as _tribunal_trainer_v1_NextTokenLogprobsRequest, NextTokenLogprobsRequest__Output as _tribunal_trainer_v1_NextTokenLogprobsRequest__Output } from '../../../tribunal/trainer/v1/NextTokenLogprobsRequest.ts';
import type { OptimStepReply as _tribunal_trainer_v1_OptimStepReply, OptimStepReply__Output as _tribunal_trainer_v1_OptimStepReply__Output } from '../../../tribunal/trainer/v1/OptimStepReply.ts';
import type { OptimStepRequest as _tribunal_trainer_v1_OptimStepRequest, OptimStepRequest__Output as _tribunal_trainer_v1_OptimStepRequest__Output } from '../../../tribunal/trainer/v1/OptimStepRequest.ts';
import type { SampleReply as _tribunal_trainer_v1_SampleReply, SampleReply__Output as _tribunal_trainer_v1_SampleReply__Output } from '../../../tribunal/trainer/v1/SampleReply.ts';
import type { SampleRequest as _tribunal_trainer_v1_SampleRequest, SampleRequest__Output as _tribunal_trainer_v1_SampleRequest__Output } from '../../../tribunal/trainer/v1/SampleRequest.ts';
import type { SaveCheckpointReply as _tribunal_trainer_v1_SaveCheckpointReply, SaveCheckpointReply__Output as _tribunal_trainer_v1_SaveCheckpointReply__Output } from '../../../tribunal/trainer/v1/SaveCheckpointReply.ts';
import type { SaveCheckpointRequest as _tribunal_trainer_v1_SaveCheckpointRequest, SaveCheckpointRequest__Output as _tribunal_trainer_v1_SaveCheckpointRequest__Output } from '../../../tribunal/trainer/v1/SaveCheckpointRequest.ts';
import type { TokenizeReply as _tribunal_trainer_v1_TokenizeReply, TokenizeReply__Output as _tribunal_trainer_v1_TokenizeReply__Output } from '../../../tribunal/trainer/v1/TokenizeReply.ts';
import type { TokenizeRequest as _tribunal_trainer_v1_TokenizeRequest, TokenizeRequest__Output as _tribunal_trainer_v1_TokenizeRequest__Output } from '../../../tribunal/trainer/v1/TokenizeRequest.ts';
import type { WeightsRef as _tribunal_trainer_v1_WeightsRef, WeightsRef__Output as _tribunal_trainer_v1_WeightsRef__Output } from '../../../tribunal/trainer/v1/WeightsRef.ts';

export interface TrainerClient extends grpc.Client {
  Detokenize(argument: _tribunal_trainer_v1_DetokenizeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_DetokenizeReply__Output>): grpc.ClientUnaryCall;
  Detokenize(argument: _tribunal_trainer_v1_DetokenizeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_DetokenizeReply__Output>): grpc.ClientUnaryCall;
  Detokenize(argument: _tribunal_trainer_v1_DetokenizeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_DetokenizeReply__Output>): grpc.ClientUnaryCall;
  Detokenize(argument: _tribunal_trainer_v1_DetokenizeRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_DetokenizeReply__Output>): grpc.ClientUnaryCall;
  detokenize(argument: _tribunal_trainer_v1_DetokenizeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_DetokenizeReply__Output>): grpc.ClientUnaryCall;
  detokenize(argument: _tribunal_trainer_v1_DetokenizeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_DetokenizeReply__Output>): grpc.ClientUnaryCall;
  detokenize(argument: _tribunal_trainer_v1_DetokenizeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_DetokenizeReply__Output>): grpc.ClientUnaryCall;
  detokenize(argument: _tribunal_trainer_v1_DetokenizeRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_DetokenizeReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Write the policy for samplers: a PEFT adapter dir or a full safetensors model dir.
   */
  ExportWeights(argument: _tribunal_trainer_v1_ExportWeightsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_WeightsRef__Output>): grpc.ClientUnaryCall;
  ExportWeights(argument: _tribunal_trainer_v1_ExportWeightsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_WeightsRef__Output>): grpc.ClientUnaryCall;
  ExportWeights(argument: _tribunal_trainer_v1_ExportWeightsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_WeightsRef__Output>): grpc.ClientUnaryCall;
  ExportWeights(argument: _tribunal_trainer_v1_ExportWeightsRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_WeightsRef__Output>): grpc.ClientUnaryCall;
  /**
   * Write the policy for samplers: a PEFT adapter dir or a full safetensors model dir.
   */
  exportWeights(argument: _tribunal_trainer_v1_ExportWeightsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_WeightsRef__Output>): grpc.ClientUnaryCall;
  exportWeights(argument: _tribunal_trainer_v1_ExportWeightsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_WeightsRef__Output>): grpc.ClientUnaryCall;
  exportWeights(argument: _tribunal_trainer_v1_ExportWeightsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_WeightsRef__Output>): grpc.ClientUnaryCall;
  exportWeights(argument: _tribunal_trainer_v1_ExportWeightsRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_WeightsRef__Output>): grpc.ClientUnaryCall;
  
  /**
   * Loss forward + backward on one (micro-)batch; gradients accumulate until OptimStep.
   */
  ForwardBackward(argument: _tribunal_trainer_v1_ForwardBackwardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ForwardBackwardReply__Output>): grpc.ClientUnaryCall;
  ForwardBackward(argument: _tribunal_trainer_v1_ForwardBackwardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_ForwardBackwardReply__Output>): grpc.ClientUnaryCall;
  ForwardBackward(argument: _tribunal_trainer_v1_ForwardBackwardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ForwardBackwardReply__Output>): grpc.ClientUnaryCall;
  ForwardBackward(argument: _tribunal_trainer_v1_ForwardBackwardRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_ForwardBackwardReply__Output>): grpc.ClientUnaryCall;
  /**
   * Loss forward + backward on one (micro-)batch; gradients accumulate until OptimStep.
   */
  forwardBackward(argument: _tribunal_trainer_v1_ForwardBackwardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ForwardBackwardReply__Output>): grpc.ClientUnaryCall;
  forwardBackward(argument: _tribunal_trainer_v1_ForwardBackwardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_ForwardBackwardReply__Output>): grpc.ClientUnaryCall;
  forwardBackward(argument: _tribunal_trainer_v1_ForwardBackwardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ForwardBackwardReply__Output>): grpc.ClientUnaryCall;
  forwardBackward(argument: _tribunal_trainer_v1_ForwardBackwardRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_ForwardBackwardReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * What is loaded, on which devices; ok when nothing is (model_dir empty).
   */
  Info(argument: _tribunal_trainer_v1_InfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  Info(argument: _tribunal_trainer_v1_InfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  Info(argument: _tribunal_trainer_v1_InfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  Info(argument: _tribunal_trainer_v1_InfoRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  /**
   * What is loaded, on which devices; ok when nothing is (model_dir empty).
   */
  info(argument: _tribunal_trainer_v1_InfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  info(argument: _tribunal_trainer_v1_InfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  info(argument: _tribunal_trainer_v1_InfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  info(argument: _tribunal_trainer_v1_InfoRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  
  /**
   * Load the model (and the optimizer when training); replaces any model loaded.
   */
  Load(argument: _tribunal_trainer_v1_LoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  Load(argument: _tribunal_trainer_v1_LoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  Load(argument: _tribunal_trainer_v1_LoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  Load(argument: _tribunal_trainer_v1_LoadRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  /**
   * Load the model (and the optimizer when training); replaces any model loaded.
   */
  load(argument: _tribunal_trainer_v1_LoadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  load(argument: _tribunal_trainer_v1_LoadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  load(argument: _tribunal_trainer_v1_LoadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  load(argument: _tribunal_trainer_v1_LoadRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_ModelInfo__Output>): grpc.ClientUnaryCall;
  
  /**
   * Restore a SaveCheckpoint; refuses, changing nothing, a checkpoint of another model or config.
   */
  LoadCheckpoint(argument: _tribunal_trainer_v1_LoadCheckpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadCheckpointReply__Output>): grpc.ClientUnaryCall;
  LoadCheckpoint(argument: _tribunal_trainer_v1_LoadCheckpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadCheckpointReply__Output>): grpc.ClientUnaryCall;
  LoadCheckpoint(argument: _tribunal_trainer_v1_LoadCheckpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadCheckpointReply__Output>): grpc.ClientUnaryCall;
  LoadCheckpoint(argument: _tribunal_trainer_v1_LoadCheckpointRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadCheckpointReply__Output>): grpc.ClientUnaryCall;
  /**
   * Restore a SaveCheckpoint; refuses, changing nothing, a checkpoint of another model or config.
   */
  loadCheckpoint(argument: _tribunal_trainer_v1_LoadCheckpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadCheckpointReply__Output>): grpc.ClientUnaryCall;
  loadCheckpoint(argument: _tribunal_trainer_v1_LoadCheckpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadCheckpointReply__Output>): grpc.ClientUnaryCall;
  loadCheckpoint(argument: _tribunal_trainer_v1_LoadCheckpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadCheckpointReply__Output>): grpc.ClientUnaryCall;
  loadCheckpoint(argument: _tribunal_trainer_v1_LoadCheckpointRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadCheckpointReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Load exported weights by reference; refuses, whole, a wrong digest or base model.
   */
  LoadWeights(argument: _tribunal_trainer_v1_LoadWeightsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadWeightsReply__Output>): grpc.ClientUnaryCall;
  LoadWeights(argument: _tribunal_trainer_v1_LoadWeightsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadWeightsReply__Output>): grpc.ClientUnaryCall;
  LoadWeights(argument: _tribunal_trainer_v1_LoadWeightsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadWeightsReply__Output>): grpc.ClientUnaryCall;
  LoadWeights(argument: _tribunal_trainer_v1_LoadWeightsRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadWeightsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Load exported weights by reference; refuses, whole, a wrong digest or base model.
   */
  loadWeights(argument: _tribunal_trainer_v1_LoadWeightsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadWeightsReply__Output>): grpc.ClientUnaryCall;
  loadWeights(argument: _tribunal_trainer_v1_LoadWeightsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadWeightsReply__Output>): grpc.ClientUnaryCall;
  loadWeights(argument: _tribunal_trainer_v1_LoadWeightsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadWeightsReply__Output>): grpc.ClientUnaryCall;
  loadWeights(argument: _tribunal_trainer_v1_LoadWeightsRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_LoadWeightsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Per-token logprobs of each sequence's completion tokens, no gradient.
   */
  Logprobs(argument: _tribunal_trainer_v1_LogprobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LogprobsReply__Output>): grpc.ClientUnaryCall;
  Logprobs(argument: _tribunal_trainer_v1_LogprobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_LogprobsReply__Output>): grpc.ClientUnaryCall;
  Logprobs(argument: _tribunal_trainer_v1_LogprobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LogprobsReply__Output>): grpc.ClientUnaryCall;
  Logprobs(argument: _tribunal_trainer_v1_LogprobsRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_LogprobsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Per-token logprobs of each sequence's completion tokens, no gradient.
   */
  logprobs(argument: _tribunal_trainer_v1_LogprobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LogprobsReply__Output>): grpc.ClientUnaryCall;
  logprobs(argument: _tribunal_trainer_v1_LogprobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_LogprobsReply__Output>): grpc.ClientUnaryCall;
  logprobs(argument: _tribunal_trainer_v1_LogprobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_LogprobsReply__Output>): grpc.ClientUnaryCall;
  logprobs(argument: _tribunal_trainer_v1_LogprobsRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_LogprobsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Next-token logprobs of chosen candidate tokens after each prefix (judge score digits).
   */
  NextTokenLogprobs(argument: _tribunal_trainer_v1_NextTokenLogprobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_NextTokenLogprobsReply__Output>): grpc.ClientUnaryCall;
  NextTokenLogprobs(argument: _tribunal_trainer_v1_NextTokenLogprobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_NextTokenLogprobsReply__Output>): grpc.ClientUnaryCall;
  NextTokenLogprobs(argument: _tribunal_trainer_v1_NextTokenLogprobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_NextTokenLogprobsReply__Output>): grpc.ClientUnaryCall;
  NextTokenLogprobs(argument: _tribunal_trainer_v1_NextTokenLogprobsRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_NextTokenLogprobsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Next-token logprobs of chosen candidate tokens after each prefix (judge score digits).
   */
  nextTokenLogprobs(argument: _tribunal_trainer_v1_NextTokenLogprobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_NextTokenLogprobsReply__Output>): grpc.ClientUnaryCall;
  nextTokenLogprobs(argument: _tribunal_trainer_v1_NextTokenLogprobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_NextTokenLogprobsReply__Output>): grpc.ClientUnaryCall;
  nextTokenLogprobs(argument: _tribunal_trainer_v1_NextTokenLogprobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_NextTokenLogprobsReply__Output>): grpc.ClientUnaryCall;
  nextTokenLogprobs(argument: _tribunal_trainer_v1_NextTokenLogprobsRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_NextTokenLogprobsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Clip the accumulated gradient's global norm, step AdamW and the schedule, zero the gradient.
   * Skipped (applied=false, nothing changes) when the norm is NaN/Inf or a ForwardBackward since
   * the last step failed (grad_norm NaN), or when nothing was accumulated (grad_norm 0).
   */
  OptimStep(argument: _tribunal_trainer_v1_OptimStepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_OptimStepReply__Output>): grpc.ClientUnaryCall;
  OptimStep(argument: _tribunal_trainer_v1_OptimStepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_OptimStepReply__Output>): grpc.ClientUnaryCall;
  OptimStep(argument: _tribunal_trainer_v1_OptimStepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_OptimStepReply__Output>): grpc.ClientUnaryCall;
  OptimStep(argument: _tribunal_trainer_v1_OptimStepRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_OptimStepReply__Output>): grpc.ClientUnaryCall;
  /**
   * Clip the accumulated gradient's global norm, step AdamW and the schedule, zero the gradient.
   * Skipped (applied=false, nothing changes) when the norm is NaN/Inf or a ForwardBackward since
   * the last step failed (grad_norm NaN), or when nothing was accumulated (grad_norm 0).
   */
  optimStep(argument: _tribunal_trainer_v1_OptimStepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_OptimStepReply__Output>): grpc.ClientUnaryCall;
  optimStep(argument: _tribunal_trainer_v1_OptimStepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_OptimStepReply__Output>): grpc.ClientUnaryCall;
  optimStep(argument: _tribunal_trainer_v1_OptimStepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_OptimStepReply__Output>): grpc.ClientUnaryCall;
  optimStep(argument: _tribunal_trainer_v1_OptimStepRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_OptimStepReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Completions with their exact token ids and per-token logprobs.
   */
  Sample(argument: _tribunal_trainer_v1_SampleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_SampleReply__Output>): grpc.ClientUnaryCall;
  Sample(argument: _tribunal_trainer_v1_SampleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_SampleReply__Output>): grpc.ClientUnaryCall;
  Sample(argument: _tribunal_trainer_v1_SampleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_SampleReply__Output>): grpc.ClientUnaryCall;
  Sample(argument: _tribunal_trainer_v1_SampleRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_SampleReply__Output>): grpc.ClientUnaryCall;
  /**
   * Completions with their exact token ids and per-token logprobs.
   */
  sample(argument: _tribunal_trainer_v1_SampleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_SampleReply__Output>): grpc.ClientUnaryCall;
  sample(argument: _tribunal_trainer_v1_SampleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_SampleReply__Output>): grpc.ClientUnaryCall;
  sample(argument: _tribunal_trainer_v1_SampleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_SampleReply__Output>): grpc.ClientUnaryCall;
  sample(argument: _tribunal_trainer_v1_SampleRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_SampleReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Weights (or adapter), optimizer and scheduler state, step and RNG, under dir.
   */
  SaveCheckpoint(argument: _tribunal_trainer_v1_SaveCheckpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_SaveCheckpointReply__Output>): grpc.ClientUnaryCall;
  SaveCheckpoint(argument: _tribunal_trainer_v1_SaveCheckpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_SaveCheckpointReply__Output>): grpc.ClientUnaryCall;
  SaveCheckpoint(argument: _tribunal_trainer_v1_SaveCheckpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_SaveCheckpointReply__Output>): grpc.ClientUnaryCall;
  SaveCheckpoint(argument: _tribunal_trainer_v1_SaveCheckpointRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_SaveCheckpointReply__Output>): grpc.ClientUnaryCall;
  /**
   * Weights (or adapter), optimizer and scheduler state, step and RNG, under dir.
   */
  saveCheckpoint(argument: _tribunal_trainer_v1_SaveCheckpointRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_SaveCheckpointReply__Output>): grpc.ClientUnaryCall;
  saveCheckpoint(argument: _tribunal_trainer_v1_SaveCheckpointRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_SaveCheckpointReply__Output>): grpc.ClientUnaryCall;
  saveCheckpoint(argument: _tribunal_trainer_v1_SaveCheckpointRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_SaveCheckpointReply__Output>): grpc.ClientUnaryCall;
  saveCheckpoint(argument: _tribunal_trainer_v1_SaveCheckpointRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_SaveCheckpointReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Text to token ids with the model's tokenizer (optionally its chat template).
   */
  Tokenize(argument: _tribunal_trainer_v1_TokenizeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_TokenizeReply__Output>): grpc.ClientUnaryCall;
  Tokenize(argument: _tribunal_trainer_v1_TokenizeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_TokenizeReply__Output>): grpc.ClientUnaryCall;
  Tokenize(argument: _tribunal_trainer_v1_TokenizeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_TokenizeReply__Output>): grpc.ClientUnaryCall;
  Tokenize(argument: _tribunal_trainer_v1_TokenizeRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_TokenizeReply__Output>): grpc.ClientUnaryCall;
  /**
   * Text to token ids with the model's tokenizer (optionally its chat template).
   */
  tokenize(argument: _tribunal_trainer_v1_TokenizeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_TokenizeReply__Output>): grpc.ClientUnaryCall;
  tokenize(argument: _tribunal_trainer_v1_TokenizeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_trainer_v1_TokenizeReply__Output>): grpc.ClientUnaryCall;
  tokenize(argument: _tribunal_trainer_v1_TokenizeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_trainer_v1_TokenizeReply__Output>): grpc.ClientUnaryCall;
  tokenize(argument: _tribunal_trainer_v1_TokenizeRequest, callback: grpc.requestCallback<_tribunal_trainer_v1_TokenizeReply__Output>): grpc.ClientUnaryCall;
  
}

export interface TrainerHandlers extends grpc.UntypedServiceImplementation {
  Detokenize: grpc.handleUnaryCall<_tribunal_trainer_v1_DetokenizeRequest__Output, _tribunal_trainer_v1_DetokenizeReply>;
  
  /**
   * Write the policy for samplers: a PEFT adapter dir or a full safetensors model dir.
   */
  ExportWeights: grpc.handleUnaryCall<_tribunal_trainer_v1_ExportWeightsRequest__Output, _tribunal_trainer_v1_WeightsRef>;
  
  /**
   * Loss forward + backward on one (micro-)batch; gradients accumulate until OptimStep.
   */
  ForwardBackward: grpc.handleUnaryCall<_tribunal_trainer_v1_ForwardBackwardRequest__Output, _tribunal_trainer_v1_ForwardBackwardReply>;
  
  /**
   * What is loaded, on which devices; ok when nothing is (model_dir empty).
   */
  Info: grpc.handleUnaryCall<_tribunal_trainer_v1_InfoRequest__Output, _tribunal_trainer_v1_ModelInfo>;
  
  /**
   * Load the model (and the optimizer when training); replaces any model loaded.
   */
  Load: grpc.handleUnaryCall<_tribunal_trainer_v1_LoadRequest__Output, _tribunal_trainer_v1_ModelInfo>;
  
  /**
   * Restore a SaveCheckpoint; refuses, changing nothing, a checkpoint of another model or config.
   */
  LoadCheckpoint: grpc.handleUnaryCall<_tribunal_trainer_v1_LoadCheckpointRequest__Output, _tribunal_trainer_v1_LoadCheckpointReply>;
  
  /**
   * Load exported weights by reference; refuses, whole, a wrong digest or base model.
   */
  LoadWeights: grpc.handleUnaryCall<_tribunal_trainer_v1_LoadWeightsRequest__Output, _tribunal_trainer_v1_LoadWeightsReply>;
  
  /**
   * Per-token logprobs of each sequence's completion tokens, no gradient.
   */
  Logprobs: grpc.handleUnaryCall<_tribunal_trainer_v1_LogprobsRequest__Output, _tribunal_trainer_v1_LogprobsReply>;
  
  /**
   * Next-token logprobs of chosen candidate tokens after each prefix (judge score digits).
   */
  NextTokenLogprobs: grpc.handleUnaryCall<_tribunal_trainer_v1_NextTokenLogprobsRequest__Output, _tribunal_trainer_v1_NextTokenLogprobsReply>;
  
  /**
   * Clip the accumulated gradient's global norm, step AdamW and the schedule, zero the gradient.
   * Skipped (applied=false, nothing changes) when the norm is NaN/Inf or a ForwardBackward since
   * the last step failed (grad_norm NaN), or when nothing was accumulated (grad_norm 0).
   */
  OptimStep: grpc.handleUnaryCall<_tribunal_trainer_v1_OptimStepRequest__Output, _tribunal_trainer_v1_OptimStepReply>;
  
  /**
   * Completions with their exact token ids and per-token logprobs.
   */
  Sample: grpc.handleUnaryCall<_tribunal_trainer_v1_SampleRequest__Output, _tribunal_trainer_v1_SampleReply>;
  
  /**
   * Weights (or adapter), optimizer and scheduler state, step and RNG, under dir.
   */
  SaveCheckpoint: grpc.handleUnaryCall<_tribunal_trainer_v1_SaveCheckpointRequest__Output, _tribunal_trainer_v1_SaveCheckpointReply>;
  
  /**
   * Text to token ids with the model's tokenizer (optionally its chat template).
   */
  Tokenize: grpc.handleUnaryCall<_tribunal_trainer_v1_TokenizeRequest__Output, _tribunal_trainer_v1_TokenizeReply>;
  
}

export interface TrainerDefinition extends grpc.ServiceDefinition {
  Detokenize: MethodDefinition<_tribunal_trainer_v1_DetokenizeRequest, _tribunal_trainer_v1_DetokenizeReply, _tribunal_trainer_v1_DetokenizeRequest__Output, _tribunal_trainer_v1_DetokenizeReply__Output>
  ExportWeights: MethodDefinition<_tribunal_trainer_v1_ExportWeightsRequest, _tribunal_trainer_v1_WeightsRef, _tribunal_trainer_v1_ExportWeightsRequest__Output, _tribunal_trainer_v1_WeightsRef__Output>
  ForwardBackward: MethodDefinition<_tribunal_trainer_v1_ForwardBackwardRequest, _tribunal_trainer_v1_ForwardBackwardReply, _tribunal_trainer_v1_ForwardBackwardRequest__Output, _tribunal_trainer_v1_ForwardBackwardReply__Output>
  Info: MethodDefinition<_tribunal_trainer_v1_InfoRequest, _tribunal_trainer_v1_ModelInfo, _tribunal_trainer_v1_InfoRequest__Output, _tribunal_trainer_v1_ModelInfo__Output>
  Load: MethodDefinition<_tribunal_trainer_v1_LoadRequest, _tribunal_trainer_v1_ModelInfo, _tribunal_trainer_v1_LoadRequest__Output, _tribunal_trainer_v1_ModelInfo__Output>
  LoadCheckpoint: MethodDefinition<_tribunal_trainer_v1_LoadCheckpointRequest, _tribunal_trainer_v1_LoadCheckpointReply, _tribunal_trainer_v1_LoadCheckpointRequest__Output, _tribunal_trainer_v1_LoadCheckpointReply__Output>
  LoadWeights: MethodDefinition<_tribunal_trainer_v1_LoadWeightsRequest, _tribunal_trainer_v1_LoadWeightsReply, _tribunal_trainer_v1_LoadWeightsRequest__Output, _tribunal_trainer_v1_LoadWeightsReply__Output>
  Logprobs: MethodDefinition<_tribunal_trainer_v1_LogprobsRequest, _tribunal_trainer_v1_LogprobsReply, _tribunal_trainer_v1_LogprobsRequest__Output, _tribunal_trainer_v1_LogprobsReply__Output>
  NextTokenLogprobs: MethodDefinition<_tribunal_trainer_v1_NextTokenLogprobsRequest, _tribunal_trainer_v1_NextTokenLogprobsReply, _tribunal_trainer_v1_NextTokenLogprobsRequest__Output, _tribunal_trainer_v1_NextTokenLogprobsReply__Output>
  OptimStep: MethodDefinition<_tribunal_trainer_v1_OptimStepRequest, _tribunal_trainer_v1_OptimStepReply, _tribunal_trainer_v1_OptimStepRequest__Output, _tribunal_trainer_v1_OptimStepReply__Output>
  Sample: MethodDefinition<_tribunal_trainer_v1_SampleRequest, _tribunal_trainer_v1_SampleReply, _tribunal_trainer_v1_SampleRequest__Output, _tribunal_trainer_v1_SampleReply__Output>
  SaveCheckpoint: MethodDefinition<_tribunal_trainer_v1_SaveCheckpointRequest, _tribunal_trainer_v1_SaveCheckpointReply, _tribunal_trainer_v1_SaveCheckpointRequest__Output, _tribunal_trainer_v1_SaveCheckpointReply__Output>
  Tokenize: MethodDefinition<_tribunal_trainer_v1_TokenizeRequest, _tribunal_trainer_v1_TokenizeReply, _tribunal_trainer_v1_TokenizeRequest__Output, _tribunal_trainer_v1_TokenizeReply__Output>
}
