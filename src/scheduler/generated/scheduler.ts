import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AcquireReply as _tribunal_scheduler_v1_AcquireReply, AcquireReply__Output as _tribunal_scheduler_v1_AcquireReply__Output } from './tribunal/scheduler/v1/AcquireReply.ts';
import type { AcquireRequest as _tribunal_scheduler_v1_AcquireRequest, AcquireRequest__Output as _tribunal_scheduler_v1_AcquireRequest__Output } from './tribunal/scheduler/v1/AcquireRequest.ts';
import type { ActorInfo as _tribunal_scheduler_v1_ActorInfo, ActorInfo__Output as _tribunal_scheduler_v1_ActorInfo__Output } from './tribunal/scheduler/v1/ActorInfo.ts';
import type { Admission as _tribunal_scheduler_v1_Admission, Admission__Output as _tribunal_scheduler_v1_Admission__Output } from './tribunal/scheduler/v1/Admission.ts';
import type { CommitReply as _tribunal_scheduler_v1_CommitReply, CommitReply__Output as _tribunal_scheduler_v1_CommitReply__Output } from './tribunal/scheduler/v1/CommitReply.ts';
import type { CommitRequest as _tribunal_scheduler_v1_CommitRequest, CommitRequest__Output as _tribunal_scheduler_v1_CommitRequest__Output } from './tribunal/scheduler/v1/CommitRequest.ts';
import type { Counters as _tribunal_scheduler_v1_Counters, Counters__Output as _tribunal_scheduler_v1_Counters__Output } from './tribunal/scheduler/v1/Counters.ts';
import type { DeregisterReply as _tribunal_scheduler_v1_DeregisterReply, DeregisterReply__Output as _tribunal_scheduler_v1_DeregisterReply__Output } from './tribunal/scheduler/v1/DeregisterReply.ts';
import type { DeregisterRequest as _tribunal_scheduler_v1_DeregisterRequest, DeregisterRequest__Output as _tribunal_scheduler_v1_DeregisterRequest__Output } from './tribunal/scheduler/v1/DeregisterRequest.ts';
import type { GetStateReply as _tribunal_scheduler_v1_GetStateReply, GetStateReply__Output as _tribunal_scheduler_v1_GetStateReply__Output } from './tribunal/scheduler/v1/GetStateReply.ts';
import type { GetStateRequest as _tribunal_scheduler_v1_GetStateRequest, GetStateRequest__Output as _tribunal_scheduler_v1_GetStateRequest__Output } from './tribunal/scheduler/v1/GetStateRequest.ts';
import type { Grant as _tribunal_scheduler_v1_Grant, Grant__Output as _tribunal_scheduler_v1_Grant__Output } from './tribunal/scheduler/v1/Grant.ts';
import type { HeartbeatReply as _tribunal_scheduler_v1_HeartbeatReply, HeartbeatReply__Output as _tribunal_scheduler_v1_HeartbeatReply__Output } from './tribunal/scheduler/v1/HeartbeatReply.ts';
import type { HeartbeatRequest as _tribunal_scheduler_v1_HeartbeatRequest, HeartbeatRequest__Output as _tribunal_scheduler_v1_HeartbeatRequest__Output } from './tribunal/scheduler/v1/HeartbeatRequest.ts';
import type { PromptItem as _tribunal_scheduler_v1_PromptItem, PromptItem__Output as _tribunal_scheduler_v1_PromptItem__Output } from './tribunal/scheduler/v1/PromptItem.ts';
import type { RegisterReply as _tribunal_scheduler_v1_RegisterReply, RegisterReply__Output as _tribunal_scheduler_v1_RegisterReply__Output } from './tribunal/scheduler/v1/RegisterReply.ts';
import type { RegisterRequest as _tribunal_scheduler_v1_RegisterRequest, RegisterRequest__Output as _tribunal_scheduler_v1_RegisterRequest__Output } from './tribunal/scheduler/v1/RegisterRequest.ts';
import type { ReleaseReply as _tribunal_scheduler_v1_ReleaseReply, ReleaseReply__Output as _tribunal_scheduler_v1_ReleaseReply__Output } from './tribunal/scheduler/v1/ReleaseReply.ts';
import type { ReleaseRequest as _tribunal_scheduler_v1_ReleaseRequest, ReleaseRequest__Output as _tribunal_scheduler_v1_ReleaseRequest__Output } from './tribunal/scheduler/v1/ReleaseRequest.ts';
import type { ReportProducedReply as _tribunal_scheduler_v1_ReportProducedReply, ReportProducedReply__Output as _tribunal_scheduler_v1_ReportProducedReply__Output } from './tribunal/scheduler/v1/ReportProducedReply.ts';
import type { ReportProducedRequest as _tribunal_scheduler_v1_ReportProducedRequest, ReportProducedRequest__Output as _tribunal_scheduler_v1_ReportProducedRequest__Output } from './tribunal/scheduler/v1/ReportProducedRequest.ts';
import type { ReportPublishedReply as _tribunal_scheduler_v1_ReportPublishedReply, ReportPublishedReply__Output as _tribunal_scheduler_v1_ReportPublishedReply__Output } from './tribunal/scheduler/v1/ReportPublishedReply.ts';
import type { ReportPublishedRequest as _tribunal_scheduler_v1_ReportPublishedRequest, ReportPublishedRequest__Output as _tribunal_scheduler_v1_ReportPublishedRequest__Output } from './tribunal/scheduler/v1/ReportPublishedRequest.ts';
import type { RestoreReply as _tribunal_scheduler_v1_RestoreReply, RestoreReply__Output as _tribunal_scheduler_v1_RestoreReply__Output } from './tribunal/scheduler/v1/RestoreReply.ts';
import type { RestoreRequest as _tribunal_scheduler_v1_RestoreRequest, RestoreRequest__Output as _tribunal_scheduler_v1_RestoreRequest__Output } from './tribunal/scheduler/v1/RestoreRequest.ts';
import type { SchedulerClient as _tribunal_scheduler_v1_SchedulerClient, SchedulerDefinition as _tribunal_scheduler_v1_SchedulerDefinition } from './tribunal/scheduler/v1/Scheduler.ts';
import type { SetPhaseReply as _tribunal_scheduler_v1_SetPhaseReply, SetPhaseReply__Output as _tribunal_scheduler_v1_SetPhaseReply__Output } from './tribunal/scheduler/v1/SetPhaseReply.ts';
import type { SetPhaseRequest as _tribunal_scheduler_v1_SetPhaseRequest, SetPhaseRequest__Output as _tribunal_scheduler_v1_SetPhaseRequest__Output } from './tribunal/scheduler/v1/SetPhaseRequest.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tribunal: {
    scheduler: {
      v1: {
        AcquireReply: MessageTypeDefinition<_tribunal_scheduler_v1_AcquireReply, _tribunal_scheduler_v1_AcquireReply__Output>
        AcquireRequest: MessageTypeDefinition<_tribunal_scheduler_v1_AcquireRequest, _tribunal_scheduler_v1_AcquireRequest__Output>
        ActorInfo: MessageTypeDefinition<_tribunal_scheduler_v1_ActorInfo, _tribunal_scheduler_v1_ActorInfo__Output>
        Admission: MessageTypeDefinition<_tribunal_scheduler_v1_Admission, _tribunal_scheduler_v1_Admission__Output>
        CommitReply: MessageTypeDefinition<_tribunal_scheduler_v1_CommitReply, _tribunal_scheduler_v1_CommitReply__Output>
        CommitRequest: MessageTypeDefinition<_tribunal_scheduler_v1_CommitRequest, _tribunal_scheduler_v1_CommitRequest__Output>
        Counters: MessageTypeDefinition<_tribunal_scheduler_v1_Counters, _tribunal_scheduler_v1_Counters__Output>
        DeregisterReply: MessageTypeDefinition<_tribunal_scheduler_v1_DeregisterReply, _tribunal_scheduler_v1_DeregisterReply__Output>
        DeregisterRequest: MessageTypeDefinition<_tribunal_scheduler_v1_DeregisterRequest, _tribunal_scheduler_v1_DeregisterRequest__Output>
        GetStateReply: MessageTypeDefinition<_tribunal_scheduler_v1_GetStateReply, _tribunal_scheduler_v1_GetStateReply__Output>
        GetStateRequest: MessageTypeDefinition<_tribunal_scheduler_v1_GetStateRequest, _tribunal_scheduler_v1_GetStateRequest__Output>
        Grant: MessageTypeDefinition<_tribunal_scheduler_v1_Grant, _tribunal_scheduler_v1_Grant__Output>
        HeartbeatReply: MessageTypeDefinition<_tribunal_scheduler_v1_HeartbeatReply, _tribunal_scheduler_v1_HeartbeatReply__Output>
        HeartbeatRequest: MessageTypeDefinition<_tribunal_scheduler_v1_HeartbeatRequest, _tribunal_scheduler_v1_HeartbeatRequest__Output>
        PromptItem: MessageTypeDefinition<_tribunal_scheduler_v1_PromptItem, _tribunal_scheduler_v1_PromptItem__Output>
        RegisterReply: MessageTypeDefinition<_tribunal_scheduler_v1_RegisterReply, _tribunal_scheduler_v1_RegisterReply__Output>
        RegisterRequest: MessageTypeDefinition<_tribunal_scheduler_v1_RegisterRequest, _tribunal_scheduler_v1_RegisterRequest__Output>
        ReleaseReply: MessageTypeDefinition<_tribunal_scheduler_v1_ReleaseReply, _tribunal_scheduler_v1_ReleaseReply__Output>
        ReleaseRequest: MessageTypeDefinition<_tribunal_scheduler_v1_ReleaseRequest, _tribunal_scheduler_v1_ReleaseRequest__Output>
        ReportProducedReply: MessageTypeDefinition<_tribunal_scheduler_v1_ReportProducedReply, _tribunal_scheduler_v1_ReportProducedReply__Output>
        ReportProducedRequest: MessageTypeDefinition<_tribunal_scheduler_v1_ReportProducedRequest, _tribunal_scheduler_v1_ReportProducedRequest__Output>
        ReportPublishedReply: MessageTypeDefinition<_tribunal_scheduler_v1_ReportPublishedReply, _tribunal_scheduler_v1_ReportPublishedReply__Output>
        ReportPublishedRequest: MessageTypeDefinition<_tribunal_scheduler_v1_ReportPublishedRequest, _tribunal_scheduler_v1_ReportPublishedRequest__Output>
        RestoreReply: MessageTypeDefinition<_tribunal_scheduler_v1_RestoreReply, _tribunal_scheduler_v1_RestoreReply__Output>
        RestoreRequest: MessageTypeDefinition<_tribunal_scheduler_v1_RestoreRequest, _tribunal_scheduler_v1_RestoreRequest__Output>
        Scheduler: SubtypeConstructor<typeof grpc.Client, _tribunal_scheduler_v1_SchedulerClient> & { service: _tribunal_scheduler_v1_SchedulerDefinition }
        SetPhaseReply: MessageTypeDefinition<_tribunal_scheduler_v1_SetPhaseReply, _tribunal_scheduler_v1_SetPhaseReply__Output>
        SetPhaseRequest: MessageTypeDefinition<_tribunal_scheduler_v1_SetPhaseRequest, _tribunal_scheduler_v1_SetPhaseRequest__Output>
      }
    }
  }
}

