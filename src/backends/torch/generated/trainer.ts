import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { DetokenizeReply as _tribunal_trainer_v1_DetokenizeReply, DetokenizeReply__Output as _tribunal_trainer_v1_DetokenizeReply__Output } from './tribunal/trainer/v1/DetokenizeReply.ts';
import type { DetokenizeRequest as _tribunal_trainer_v1_DetokenizeRequest, DetokenizeRequest__Output as _tribunal_trainer_v1_DetokenizeRequest__Output } from './tribunal/trainer/v1/DetokenizeRequest.ts';
import type { ExportWeightsRequest as _tribunal_trainer_v1_ExportWeightsRequest, ExportWeightsRequest__Output as _tribunal_trainer_v1_ExportWeightsRequest__Output } from './tribunal/trainer/v1/ExportWeightsRequest.ts';
import type { ForwardBackwardReply as _tribunal_trainer_v1_ForwardBackwardReply, ForwardBackwardReply__Output as _tribunal_trainer_v1_ForwardBackwardReply__Output } from './tribunal/trainer/v1/ForwardBackwardReply.ts';
import type { ForwardBackwardRequest as _tribunal_trainer_v1_ForwardBackwardRequest, ForwardBackwardRequest__Output as _tribunal_trainer_v1_ForwardBackwardRequest__Output } from './tribunal/trainer/v1/ForwardBackwardRequest.ts';
import type { InfoRequest as _tribunal_trainer_v1_InfoRequest, InfoRequest__Output as _tribunal_trainer_v1_InfoRequest__Output } from './tribunal/trainer/v1/InfoRequest.ts';
import type { LoadCheckpointReply as _tribunal_trainer_v1_LoadCheckpointReply, LoadCheckpointReply__Output as _tribunal_trainer_v1_LoadCheckpointReply__Output } from './tribunal/trainer/v1/LoadCheckpointReply.ts';
import type { LoadCheckpointRequest as _tribunal_trainer_v1_LoadCheckpointRequest, LoadCheckpointRequest__Output as _tribunal_trainer_v1_LoadCheckpointRequest__Output } from './tribunal/trainer/v1/LoadCheckpointRequest.ts';
import type { LoadRequest as _tribunal_trainer_v1_LoadRequest, LoadRequest__Output as _tribunal_trainer_v1_LoadRequest__Output } from './tribunal/trainer/v1/LoadRequest.ts';
import type { LoadWeightsReply as _tribunal_trainer_v1_LoadWeightsReply, LoadWeightsReply__Output as _tribunal_trainer_v1_LoadWeightsReply__Output } from './tribunal/trainer/v1/LoadWeightsReply.ts';
import type { LoadWeightsRequest as _tribunal_trainer_v1_LoadWeightsRequest, LoadWeightsRequest__Output as _tribunal_trainer_v1_LoadWeightsRequest__Output } from './tribunal/trainer/v1/LoadWeightsRequest.ts';
import type { LogprobsReply as _tribunal_trainer_v1_LogprobsReply, LogprobsReply__Output as _tribunal_trainer_v1_LogprobsReply__Output } from './tribunal/trainer/v1/LogprobsReply.ts';
import type { LogprobsRequest as _tribunal_trainer_v1_LogprobsRequest, LogprobsRequest__Output as _tribunal_trainer_v1_LogprobsRequest__Output } from './tribunal/trainer/v1/LogprobsRequest.ts';
import type { LoraConfig as _tribunal_trainer_v1_LoraConfig, LoraConfig__Output as _tribunal_trainer_v1_LoraConfig__Output } from './tribunal/trainer/v1/LoraConfig.ts';
import type { ModelInfo as _tribunal_trainer_v1_ModelInfo, ModelInfo__Output as _tribunal_trainer_v1_ModelInfo__Output } from './tribunal/trainer/v1/ModelInfo.ts';
import type { NextTokenLogprobsReply as _tribunal_trainer_v1_NextTokenLogprobsReply, NextTokenLogprobsReply__Output as _tribunal_trainer_v1_NextTokenLogprobsReply__Output } from './tribunal/trainer/v1/NextTokenLogprobsReply.ts';
import type { NextTokenLogprobsRequest as _tribunal_trainer_v1_NextTokenLogprobsRequest, NextTokenLogprobsRequest__Output as _tribunal_trainer_v1_NextTokenLogprobsRequest__Output } from './tribunal/trainer/v1/NextTokenLogprobsRequest.ts';
import type { OptimStepReply as _tribunal_trainer_v1_OptimStepReply, OptimStepReply__Output as _tribunal_trainer_v1_OptimStepReply__Output } from './tribunal/trainer/v1/OptimStepReply.ts';
import type { OptimStepRequest as _tribunal_trainer_v1_OptimStepRequest, OptimStepRequest__Output as _tribunal_trainer_v1_OptimStepRequest__Output } from './tribunal/trainer/v1/OptimStepRequest.ts';
import type { OptimizerConfig as _tribunal_trainer_v1_OptimizerConfig, OptimizerConfig__Output as _tribunal_trainer_v1_OptimizerConfig__Output } from './tribunal/trainer/v1/OptimizerConfig.ts';
import type { PpoLoss as _tribunal_trainer_v1_PpoLoss, PpoLoss__Output as _tribunal_trainer_v1_PpoLoss__Output } from './tribunal/trainer/v1/PpoLoss.ts';
import type { SampleReply as _tribunal_trainer_v1_SampleReply, SampleReply__Output as _tribunal_trainer_v1_SampleReply__Output } from './tribunal/trainer/v1/SampleReply.ts';
import type { SampleRequest as _tribunal_trainer_v1_SampleRequest, SampleRequest__Output as _tribunal_trainer_v1_SampleRequest__Output } from './tribunal/trainer/v1/SampleRequest.ts';
import type { SampledCompletion as _tribunal_trainer_v1_SampledCompletion, SampledCompletion__Output as _tribunal_trainer_v1_SampledCompletion__Output } from './tribunal/trainer/v1/SampledCompletion.ts';
import type { SampledPrompt as _tribunal_trainer_v1_SampledPrompt, SampledPrompt__Output as _tribunal_trainer_v1_SampledPrompt__Output } from './tribunal/trainer/v1/SampledPrompt.ts';
import type { SaveCheckpointReply as _tribunal_trainer_v1_SaveCheckpointReply, SaveCheckpointReply__Output as _tribunal_trainer_v1_SaveCheckpointReply__Output } from './tribunal/trainer/v1/SaveCheckpointReply.ts';
import type { SaveCheckpointRequest as _tribunal_trainer_v1_SaveCheckpointRequest, SaveCheckpointRequest__Output as _tribunal_trainer_v1_SaveCheckpointRequest__Output } from './tribunal/trainer/v1/SaveCheckpointRequest.ts';
import type { TokenBatch as _tribunal_trainer_v1_TokenBatch, TokenBatch__Output as _tribunal_trainer_v1_TokenBatch__Output } from './tribunal/trainer/v1/TokenBatch.ts';
import type { TokenizeReply as _tribunal_trainer_v1_TokenizeReply, TokenizeReply__Output as _tribunal_trainer_v1_TokenizeReply__Output } from './tribunal/trainer/v1/TokenizeReply.ts';
import type { TokenizeRequest as _tribunal_trainer_v1_TokenizeRequest, TokenizeRequest__Output as _tribunal_trainer_v1_TokenizeRequest__Output } from './tribunal/trainer/v1/TokenizeRequest.ts';
import type { TrainerClient as _tribunal_trainer_v1_TrainerClient, TrainerDefinition as _tribunal_trainer_v1_TrainerDefinition } from './tribunal/trainer/v1/Trainer.ts';
import type { WeightsRef as _tribunal_trainer_v1_WeightsRef, WeightsRef__Output as _tribunal_trainer_v1_WeightsRef__Output } from './tribunal/trainer/v1/WeightsRef.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tribunal: {
    trainer: {
      v1: {
        DetokenizeReply: MessageTypeDefinition<_tribunal_trainer_v1_DetokenizeReply, _tribunal_trainer_v1_DetokenizeReply__Output>
        DetokenizeRequest: MessageTypeDefinition<_tribunal_trainer_v1_DetokenizeRequest, _tribunal_trainer_v1_DetokenizeRequest__Output>
        ExportWeightsRequest: MessageTypeDefinition<_tribunal_trainer_v1_ExportWeightsRequest, _tribunal_trainer_v1_ExportWeightsRequest__Output>
        ForwardBackwardReply: MessageTypeDefinition<_tribunal_trainer_v1_ForwardBackwardReply, _tribunal_trainer_v1_ForwardBackwardReply__Output>
        ForwardBackwardRequest: MessageTypeDefinition<_tribunal_trainer_v1_ForwardBackwardRequest, _tribunal_trainer_v1_ForwardBackwardRequest__Output>
        InfoRequest: MessageTypeDefinition<_tribunal_trainer_v1_InfoRequest, _tribunal_trainer_v1_InfoRequest__Output>
        LoadCheckpointReply: MessageTypeDefinition<_tribunal_trainer_v1_LoadCheckpointReply, _tribunal_trainer_v1_LoadCheckpointReply__Output>
        LoadCheckpointRequest: MessageTypeDefinition<_tribunal_trainer_v1_LoadCheckpointRequest, _tribunal_trainer_v1_LoadCheckpointRequest__Output>
        LoadRequest: MessageTypeDefinition<_tribunal_trainer_v1_LoadRequest, _tribunal_trainer_v1_LoadRequest__Output>
        LoadWeightsReply: MessageTypeDefinition<_tribunal_trainer_v1_LoadWeightsReply, _tribunal_trainer_v1_LoadWeightsReply__Output>
        LoadWeightsRequest: MessageTypeDefinition<_tribunal_trainer_v1_LoadWeightsRequest, _tribunal_trainer_v1_LoadWeightsRequest__Output>
        LogprobsReply: MessageTypeDefinition<_tribunal_trainer_v1_LogprobsReply, _tribunal_trainer_v1_LogprobsReply__Output>
        LogprobsRequest: MessageTypeDefinition<_tribunal_trainer_v1_LogprobsRequest, _tribunal_trainer_v1_LogprobsRequest__Output>
        LoraConfig: MessageTypeDefinition<_tribunal_trainer_v1_LoraConfig, _tribunal_trainer_v1_LoraConfig__Output>
        ModelInfo: MessageTypeDefinition<_tribunal_trainer_v1_ModelInfo, _tribunal_trainer_v1_ModelInfo__Output>
        NextTokenLogprobsReply: MessageTypeDefinition<_tribunal_trainer_v1_NextTokenLogprobsReply, _tribunal_trainer_v1_NextTokenLogprobsReply__Output>
        NextTokenLogprobsRequest: MessageTypeDefinition<_tribunal_trainer_v1_NextTokenLogprobsRequest, _tribunal_trainer_v1_NextTokenLogprobsRequest__Output>
        OptimStepReply: MessageTypeDefinition<_tribunal_trainer_v1_OptimStepReply, _tribunal_trainer_v1_OptimStepReply__Output>
        OptimStepRequest: MessageTypeDefinition<_tribunal_trainer_v1_OptimStepRequest, _tribunal_trainer_v1_OptimStepRequest__Output>
        OptimizerConfig: MessageTypeDefinition<_tribunal_trainer_v1_OptimizerConfig, _tribunal_trainer_v1_OptimizerConfig__Output>
        PpoLoss: MessageTypeDefinition<_tribunal_trainer_v1_PpoLoss, _tribunal_trainer_v1_PpoLoss__Output>
        SampleReply: MessageTypeDefinition<_tribunal_trainer_v1_SampleReply, _tribunal_trainer_v1_SampleReply__Output>
        SampleRequest: MessageTypeDefinition<_tribunal_trainer_v1_SampleRequest, _tribunal_trainer_v1_SampleRequest__Output>
        SampledCompletion: MessageTypeDefinition<_tribunal_trainer_v1_SampledCompletion, _tribunal_trainer_v1_SampledCompletion__Output>
        SampledPrompt: MessageTypeDefinition<_tribunal_trainer_v1_SampledPrompt, _tribunal_trainer_v1_SampledPrompt__Output>
        SaveCheckpointReply: MessageTypeDefinition<_tribunal_trainer_v1_SaveCheckpointReply, _tribunal_trainer_v1_SaveCheckpointReply__Output>
        SaveCheckpointRequest: MessageTypeDefinition<_tribunal_trainer_v1_SaveCheckpointRequest, _tribunal_trainer_v1_SaveCheckpointRequest__Output>
        TokenBatch: MessageTypeDefinition<_tribunal_trainer_v1_TokenBatch, _tribunal_trainer_v1_TokenBatch__Output>
        TokenizeReply: MessageTypeDefinition<_tribunal_trainer_v1_TokenizeReply, _tribunal_trainer_v1_TokenizeReply__Output>
        TokenizeRequest: MessageTypeDefinition<_tribunal_trainer_v1_TokenizeRequest, _tribunal_trainer_v1_TokenizeRequest__Output>
        Trainer: SubtypeConstructor<typeof grpc.Client, _tribunal_trainer_v1_TrainerClient> & { service: _tribunal_trainer_v1_TrainerDefinition }
        WeightsRef: MessageTypeDefinition<_tribunal_trainer_v1_WeightsRef, _tribunal_trainer_v1_WeightsRef__Output>
      }
    }
  }
}

