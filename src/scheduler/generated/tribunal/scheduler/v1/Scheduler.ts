// Original file: proto/scheduler.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AcquireReply as _tribunal_scheduler_v1_AcquireReply, AcquireReply__Output as _tribunal_scheduler_v1_AcquireReply__Output } from '../../../tribunal/scheduler/v1/AcquireReply.ts';
import type { AcquireRequest as _tribunal_scheduler_v1_AcquireRequest, AcquireRequest__Output as _tribunal_scheduler_v1_AcquireRequest__Output } from '../../../tribunal/scheduler/v1/AcquireRequest.ts';
import type { CommitReply as _tribunal_scheduler_v1_CommitReply, CommitReply__Output as _tribunal_scheduler_v1_CommitReply__Output } from '../../../tribunal/scheduler/v1/CommitReply.ts';
import type { CommitRequest as _tribunal_scheduler_v1_CommitRequest, CommitRequest__Output as _tribunal_scheduler_v1_CommitRequest__Output } from '../../../tribunal/scheduler/v1/CommitRequest.ts';
import type { DeregisterReply as _tribunal_scheduler_v1_DeregisterReply, DeregisterReply__Output as _tribunal_scheduler_v1_DeregisterReply__Output } from '../../../tribunal/scheduler/v1/DeregisterReply.ts';
import type { DeregisterRequest as _tribunal_scheduler_v1_DeregisterRequest, DeregisterRequest__Output as _tribunal_scheduler_v1_DeregisterRequest__Output } from '../../../tribunal/scheduler/v1/DeregisterRequest.ts';
import type { GetStateReply as _tribunal_scheduler_v1_GetStateReply, GetStateReply__Output as _tribunal_scheduler_v1_GetStateReply__Output } from '../../../tribunal/scheduler/v1/GetStateReply.ts';
import type { GetStateRequest as _tribunal_scheduler_v1_GetStateRequest, GetStateRequest__Output as _tribunal_scheduler_v1_GetStateRequest__Output } from '../../../tribunal/scheduler/v1/GetStateRequest.ts';
import type { HeartbeatReply as _tribunal_scheduler_v1_HeartbeatReply, HeartbeatReply__Output as _tribunal_scheduler_v1_HeartbeatReply__Output } from '../../../tribunal/scheduler/v1/HeartbeatReply.ts';
import type { HeartbeatRequest as _tribunal_scheduler_v1_HeartbeatRequest, HeartbeatRequest__Output as _tribunal_scheduler_v1_HeartbeatRequest__Output } from '../../../tribunal/scheduler/v1/HeartbeatRequest.ts';
import type { RegisterReply as _tribunal_scheduler_v1_RegisterReply, RegisterReply__Output as _tribunal_scheduler_v1_RegisterReply__Output } from '../../../tribunal/scheduler/v1/RegisterReply.ts';
import type { RegisterRequest as _tribunal_scheduler_v1_RegisterRequest, RegisterRequest__Output as _tribunal_scheduler_v1_RegisterRequest__Output } from '../../../tribunal/scheduler/v1/RegisterRequest.ts';
import type { ReleaseReply as _tribunal_scheduler_v1_ReleaseReply, ReleaseReply__Output as _tribunal_scheduler_v1_ReleaseReply__Output } from '../../../tribunal/scheduler/v1/ReleaseReply.ts';
import type { ReleaseRequest as _tribunal_scheduler_v1_ReleaseRequest, ReleaseRequest__Output as _tribunal_scheduler_v1_ReleaseRequest__Output } from '../../../tribunal/scheduler/v1/ReleaseRequest.ts';
import type { ReportProducedReply as _tribunal_scheduler_v1_ReportProducedReply, ReportProducedReply__Output as _tribunal_scheduler_v1_ReportProducedReply__Output } from '../../../tribunal/scheduler/v1/ReportProducedReply.ts';
import type { ReportProducedRequest as _tribunal_scheduler_v1_ReportProducedRequest, ReportProducedRequest__Output as _tribunal_scheduler_v1_ReportProducedRequest__Output } from '../../../tribunal/scheduler/v1/ReportProducedRequest.ts';
import type { ReportPublishedReply as _tribunal_scheduler_v1_ReportPublishedReply, ReportPublishedReply__Output as _tribunal_scheduler_v1_ReportPublishedReply__Output } from '../../../tribunal/scheduler/v1/ReportPublishedReply.ts';
import type { ReportPublishedRequest as _tribunal_scheduler_v1_ReportPublishedRequest, ReportPublishedRequest__Output as _tribunal_scheduler_v1_ReportPublishedRequest__Output } from '../../../tribunal/scheduler/v1/ReportPublishedRequest.ts';
import type { RestoreReply as _tribunal_scheduler_v1_RestoreReply, RestoreReply__Output as _tribunal_scheduler_v1_RestoreReply__Output } from '../../../tribunal/scheduler/v1/RestoreReply.ts';
import type { RestoreRequest as _tribunal_scheduler_v1_RestoreRequest, RestoreRequest__Output as _tribunal_scheduler_v1_RestoreRequest__Output } from '../../../tribunal/scheduler/v1/RestoreRequest.ts';
import type { SetPhaseReply as _tribunal_scheduler_v1_SetPhaseReply, SetPhaseReply__Output as _tribunal_scheduler_v1_SetPhaseReply__Output } from '../../../tribunal/scheduler/v1/SetPhaseReply.ts';
import type { SetPhaseRequest as _tribunal_scheduler_v1_SetPhaseRequest, SetPhaseRequest__Output as _tribunal_scheduler_v1_SetPhaseRequest__Output } from '../../../tribunal/scheduler/v1/SetPhaseRequest.ts';

export interface SchedulerClient extends grpc.Client {
  /**
   * Ask for up to `max` prompts; long-polls up to wait_ms under admission control.
   */
  Acquire(argument: _tribunal_scheduler_v1_AcquireRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_AcquireReply__Output>): grpc.ClientUnaryCall;
  Acquire(argument: _tribunal_scheduler_v1_AcquireRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_AcquireReply__Output>): grpc.ClientUnaryCall;
  Acquire(argument: _tribunal_scheduler_v1_AcquireRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_AcquireReply__Output>): grpc.ClientUnaryCall;
  Acquire(argument: _tribunal_scheduler_v1_AcquireRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_AcquireReply__Output>): grpc.ClientUnaryCall;
  /**
   * Ask for up to `max` prompts; long-polls up to wait_ms under admission control.
   */
  acquire(argument: _tribunal_scheduler_v1_AcquireRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_AcquireReply__Output>): grpc.ClientUnaryCall;
  acquire(argument: _tribunal_scheduler_v1_AcquireRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_AcquireReply__Output>): grpc.ClientUnaryCall;
  acquire(argument: _tribunal_scheduler_v1_AcquireRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_AcquireReply__Output>): grpc.ClientUnaryCall;
  acquire(argument: _tribunal_scheduler_v1_AcquireRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_AcquireReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * The learner consumed these prompts' groups in the step that made `version`.
   */
  Commit(argument: _tribunal_scheduler_v1_CommitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  Commit(argument: _tribunal_scheduler_v1_CommitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  Commit(argument: _tribunal_scheduler_v1_CommitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  Commit(argument: _tribunal_scheduler_v1_CommitRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  /**
   * The learner consumed these prompts' groups in the step that made `version`.
   */
  commit(argument: _tribunal_scheduler_v1_CommitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  commit(argument: _tribunal_scheduler_v1_CommitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  commit(argument: _tribunal_scheduler_v1_CommitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  commit(argument: _tribunal_scheduler_v1_CommitRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_CommitReply__Output>): grpc.ClientUnaryCall;
  
  Deregister(argument: _tribunal_scheduler_v1_DeregisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_DeregisterReply__Output>): grpc.ClientUnaryCall;
  Deregister(argument: _tribunal_scheduler_v1_DeregisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_DeregisterReply__Output>): grpc.ClientUnaryCall;
  Deregister(argument: _tribunal_scheduler_v1_DeregisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_DeregisterReply__Output>): grpc.ClientUnaryCall;
  Deregister(argument: _tribunal_scheduler_v1_DeregisterRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_DeregisterReply__Output>): grpc.ClientUnaryCall;
  deregister(argument: _tribunal_scheduler_v1_DeregisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_DeregisterReply__Output>): grpc.ClientUnaryCall;
  deregister(argument: _tribunal_scheduler_v1_DeregisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_DeregisterReply__Output>): grpc.ClientUnaryCall;
  deregister(argument: _tribunal_scheduler_v1_DeregisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_DeregisterReply__Output>): grpc.ClientUnaryCall;
  deregister(argument: _tribunal_scheduler_v1_DeregisterRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_DeregisterReply__Output>): grpc.ClientUnaryCall;
  
  GetState(argument: _tribunal_scheduler_v1_GetStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_GetStateReply__Output>): grpc.ClientUnaryCall;
  GetState(argument: _tribunal_scheduler_v1_GetStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_GetStateReply__Output>): grpc.ClientUnaryCall;
  GetState(argument: _tribunal_scheduler_v1_GetStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_GetStateReply__Output>): grpc.ClientUnaryCall;
  GetState(argument: _tribunal_scheduler_v1_GetStateRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_GetStateReply__Output>): grpc.ClientUnaryCall;
  getState(argument: _tribunal_scheduler_v1_GetStateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_GetStateReply__Output>): grpc.ClientUnaryCall;
  getState(argument: _tribunal_scheduler_v1_GetStateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_GetStateReply__Output>): grpc.ClientUnaryCall;
  getState(argument: _tribunal_scheduler_v1_GetStateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_GetStateReply__Output>): grpc.ClientUnaryCall;
  getState(argument: _tribunal_scheduler_v1_GetStateRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_GetStateReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Keep the lease; known=false tells a presumed-dead actor to re-register.
   */
  Heartbeat(argument: _tribunal_scheduler_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tribunal_scheduler_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tribunal_scheduler_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tribunal_scheduler_v1_HeartbeatRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  /**
   * Keep the lease; known=false tells a presumed-dead actor to re-register.
   */
  heartbeat(argument: _tribunal_scheduler_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tribunal_scheduler_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tribunal_scheduler_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tribunal_scheduler_v1_HeartbeatRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Join the experiment; returns the id to use and the lease to keep.
   */
  Register(argument: _tribunal_scheduler_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_RegisterReply__Output>): grpc.ClientUnaryCall;
  Register(argument: _tribunal_scheduler_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_RegisterReply__Output>): grpc.ClientUnaryCall;
  Register(argument: _tribunal_scheduler_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_RegisterReply__Output>): grpc.ClientUnaryCall;
  Register(argument: _tribunal_scheduler_v1_RegisterRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_RegisterReply__Output>): grpc.ClientUnaryCall;
  /**
   * Join the experiment; returns the id to use and the lease to keep.
   */
  register(argument: _tribunal_scheduler_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_RegisterReply__Output>): grpc.ClientUnaryCall;
  register(argument: _tribunal_scheduler_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_RegisterReply__Output>): grpc.ClientUnaryCall;
  register(argument: _tribunal_scheduler_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_RegisterReply__Output>): grpc.ClientUnaryCall;
  register(argument: _tribunal_scheduler_v1_RegisterRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_RegisterReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * The learner dropped these groups (stale): their prompts must be re-sampled.
   */
  Release(argument: _tribunal_scheduler_v1_ReleaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  Release(argument: _tribunal_scheduler_v1_ReleaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  Release(argument: _tribunal_scheduler_v1_ReleaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  Release(argument: _tribunal_scheduler_v1_ReleaseRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  /**
   * The learner dropped these groups (stale): their prompts must be re-sampled.
   */
  release(argument: _tribunal_scheduler_v1_ReleaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  release(argument: _tribunal_scheduler_v1_ReleaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  release(argument: _tribunal_scheduler_v1_ReleaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  release(argument: _tribunal_scheduler_v1_ReleaseRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReleaseReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * A rollout actor published the group of one granted prompt.
   */
  ReportProduced(argument: _tribunal_scheduler_v1_ReportProducedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportProducedReply__Output>): grpc.ClientUnaryCall;
  ReportProduced(argument: _tribunal_scheduler_v1_ReportProducedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportProducedReply__Output>): grpc.ClientUnaryCall;
  ReportProduced(argument: _tribunal_scheduler_v1_ReportProducedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportProducedReply__Output>): grpc.ClientUnaryCall;
  ReportProduced(argument: _tribunal_scheduler_v1_ReportProducedRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportProducedReply__Output>): grpc.ClientUnaryCall;
  /**
   * A rollout actor published the group of one granted prompt.
   */
  reportProduced(argument: _tribunal_scheduler_v1_ReportProducedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportProducedReply__Output>): grpc.ClientUnaryCall;
  reportProduced(argument: _tribunal_scheduler_v1_ReportProducedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportProducedReply__Output>): grpc.ClientUnaryCall;
  reportProduced(argument: _tribunal_scheduler_v1_ReportProducedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportProducedReply__Output>): grpc.ClientUnaryCall;
  reportProduced(argument: _tribunal_scheduler_v1_ReportProducedRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportProducedReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * The learner's weights of `version` are out: rollouts can sample with them.
   * Admission counts from the newest published version, not the commit clock.
   */
  ReportPublished(argument: _tribunal_scheduler_v1_ReportPublishedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportPublishedReply__Output>): grpc.ClientUnaryCall;
  ReportPublished(argument: _tribunal_scheduler_v1_ReportPublishedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportPublishedReply__Output>): grpc.ClientUnaryCall;
  ReportPublished(argument: _tribunal_scheduler_v1_ReportPublishedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportPublishedReply__Output>): grpc.ClientUnaryCall;
  ReportPublished(argument: _tribunal_scheduler_v1_ReportPublishedRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportPublishedReply__Output>): grpc.ClientUnaryCall;
  /**
   * The learner's weights of `version` are out: rollouts can sample with them.
   * Admission counts from the newest published version, not the commit clock.
   */
  reportPublished(argument: _tribunal_scheduler_v1_ReportPublishedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportPublishedReply__Output>): grpc.ClientUnaryCall;
  reportPublished(argument: _tribunal_scheduler_v1_ReportPublishedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportPublishedReply__Output>): grpc.ClientUnaryCall;
  reportPublished(argument: _tribunal_scheduler_v1_ReportPublishedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportPublishedReply__Output>): grpc.ClientUnaryCall;
  reportPublished(argument: _tribunal_scheduler_v1_ReportPublishedRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_ReportPublishedReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * The learner restarted from the checkpoint of `version`.
   */
  Restore(argument: _tribunal_scheduler_v1_RestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_RestoreReply__Output>): grpc.ClientUnaryCall;
  Restore(argument: _tribunal_scheduler_v1_RestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_RestoreReply__Output>): grpc.ClientUnaryCall;
  Restore(argument: _tribunal_scheduler_v1_RestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_RestoreReply__Output>): grpc.ClientUnaryCall;
  Restore(argument: _tribunal_scheduler_v1_RestoreRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_RestoreReply__Output>): grpc.ClientUnaryCall;
  /**
   * The learner restarted from the checkpoint of `version`.
   */
  restore(argument: _tribunal_scheduler_v1_RestoreRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_RestoreReply__Output>): grpc.ClientUnaryCall;
  restore(argument: _tribunal_scheduler_v1_RestoreRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_RestoreReply__Output>): grpc.ClientUnaryCall;
  restore(argument: _tribunal_scheduler_v1_RestoreRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_RestoreReply__Output>): grpc.ClientUnaryCall;
  restore(argument: _tribunal_scheduler_v1_RestoreRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_RestoreReply__Output>): grpc.ClientUnaryCall;
  
  SetPhase(argument: _tribunal_scheduler_v1_SetPhaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_SetPhaseReply__Output>): grpc.ClientUnaryCall;
  SetPhase(argument: _tribunal_scheduler_v1_SetPhaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_SetPhaseReply__Output>): grpc.ClientUnaryCall;
  SetPhase(argument: _tribunal_scheduler_v1_SetPhaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_SetPhaseReply__Output>): grpc.ClientUnaryCall;
  SetPhase(argument: _tribunal_scheduler_v1_SetPhaseRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_SetPhaseReply__Output>): grpc.ClientUnaryCall;
  setPhase(argument: _tribunal_scheduler_v1_SetPhaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_SetPhaseReply__Output>): grpc.ClientUnaryCall;
  setPhase(argument: _tribunal_scheduler_v1_SetPhaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tribunal_scheduler_v1_SetPhaseReply__Output>): grpc.ClientUnaryCall;
  setPhase(argument: _tribunal_scheduler_v1_SetPhaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tribunal_scheduler_v1_SetPhaseReply__Output>): grpc.ClientUnaryCall;
  setPhase(argument: _tribunal_scheduler_v1_SetPhaseRequest, callback: grpc.requestCallback<_tribunal_scheduler_v1_SetPhaseReply__Output>): grpc.ClientUnaryCall;
  
}

export interface SchedulerHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Ask for up to `max` prompts; long-polls up to wait_ms under admission control.
   */
  Acquire: grpc.handleUnaryCall<_tribunal_scheduler_v1_AcquireRequest__Output, _tribunal_scheduler_v1_AcquireReply>;
  
  /**
   * The learner consumed these prompts' groups in the step that made `version`.
   */
  Commit: grpc.handleUnaryCall<_tribunal_scheduler_v1_CommitRequest__Output, _tribunal_scheduler_v1_CommitReply>;
  
  Deregister: grpc.handleUnaryCall<_tribunal_scheduler_v1_DeregisterRequest__Output, _tribunal_scheduler_v1_DeregisterReply>;
  
  GetState: grpc.handleUnaryCall<_tribunal_scheduler_v1_GetStateRequest__Output, _tribunal_scheduler_v1_GetStateReply>;
  
  /**
   * Keep the lease; known=false tells a presumed-dead actor to re-register.
   */
  Heartbeat: grpc.handleUnaryCall<_tribunal_scheduler_v1_HeartbeatRequest__Output, _tribunal_scheduler_v1_HeartbeatReply>;
  
  /**
   * Join the experiment; returns the id to use and the lease to keep.
   */
  Register: grpc.handleUnaryCall<_tribunal_scheduler_v1_RegisterRequest__Output, _tribunal_scheduler_v1_RegisterReply>;
  
  /**
   * The learner dropped these groups (stale): their prompts must be re-sampled.
   */
  Release: grpc.handleUnaryCall<_tribunal_scheduler_v1_ReleaseRequest__Output, _tribunal_scheduler_v1_ReleaseReply>;
  
  /**
   * A rollout actor published the group of one granted prompt.
   */
  ReportProduced: grpc.handleUnaryCall<_tribunal_scheduler_v1_ReportProducedRequest__Output, _tribunal_scheduler_v1_ReportProducedReply>;
  
  /**
   * The learner's weights of `version` are out: rollouts can sample with them.
   * Admission counts from the newest published version, not the commit clock.
   */
  ReportPublished: grpc.handleUnaryCall<_tribunal_scheduler_v1_ReportPublishedRequest__Output, _tribunal_scheduler_v1_ReportPublishedReply>;
  
  /**
   * The learner restarted from the checkpoint of `version`.
   */
  Restore: grpc.handleUnaryCall<_tribunal_scheduler_v1_RestoreRequest__Output, _tribunal_scheduler_v1_RestoreReply>;
  
  SetPhase: grpc.handleUnaryCall<_tribunal_scheduler_v1_SetPhaseRequest__Output, _tribunal_scheduler_v1_SetPhaseReply>;
  
}

export interface SchedulerDefinition extends grpc.ServiceDefinition {
  Acquire: MethodDefinition<_tribunal_scheduler_v1_AcquireRequest, _tribunal_scheduler_v1_AcquireReply, _tribunal_scheduler_v1_AcquireRequest__Output, _tribunal_scheduler_v1_AcquireReply__Output>
  Commit: MethodDefinition<_tribunal_scheduler_v1_CommitRequest, _tribunal_scheduler_v1_CommitReply, _tribunal_scheduler_v1_CommitRequest__Output, _tribunal_scheduler_v1_CommitReply__Output>
  Deregister: MethodDefinition<_tribunal_scheduler_v1_DeregisterRequest, _tribunal_scheduler_v1_DeregisterReply, _tribunal_scheduler_v1_DeregisterRequest__Output, _tribunal_scheduler_v1_DeregisterReply__Output>
  GetState: MethodDefinition<_tribunal_scheduler_v1_GetStateRequest, _tribunal_scheduler_v1_GetStateReply, _tribunal_scheduler_v1_GetStateRequest__Output, _tribunal_scheduler_v1_GetStateReply__Output>
  Heartbeat: MethodDefinition<_tribunal_scheduler_v1_HeartbeatRequest, _tribunal_scheduler_v1_HeartbeatReply, _tribunal_scheduler_v1_HeartbeatRequest__Output, _tribunal_scheduler_v1_HeartbeatReply__Output>
  Register: MethodDefinition<_tribunal_scheduler_v1_RegisterRequest, _tribunal_scheduler_v1_RegisterReply, _tribunal_scheduler_v1_RegisterRequest__Output, _tribunal_scheduler_v1_RegisterReply__Output>
  Release: MethodDefinition<_tribunal_scheduler_v1_ReleaseRequest, _tribunal_scheduler_v1_ReleaseReply, _tribunal_scheduler_v1_ReleaseRequest__Output, _tribunal_scheduler_v1_ReleaseReply__Output>
  ReportProduced: MethodDefinition<_tribunal_scheduler_v1_ReportProducedRequest, _tribunal_scheduler_v1_ReportProducedReply, _tribunal_scheduler_v1_ReportProducedRequest__Output, _tribunal_scheduler_v1_ReportProducedReply__Output>
  ReportPublished: MethodDefinition<_tribunal_scheduler_v1_ReportPublishedRequest, _tribunal_scheduler_v1_ReportPublishedReply, _tribunal_scheduler_v1_ReportPublishedRequest__Output, _tribunal_scheduler_v1_ReportPublishedReply__Output>
  Restore: MethodDefinition<_tribunal_scheduler_v1_RestoreRequest, _tribunal_scheduler_v1_RestoreReply, _tribunal_scheduler_v1_RestoreRequest__Output, _tribunal_scheduler_v1_RestoreReply__Output>
  SetPhase: MethodDefinition<_tribunal_scheduler_v1_SetPhaseRequest, _tribunal_scheduler_v1_SetPhaseReply, _tribunal_scheduler_v1_SetPhaseRequest__Output, _tribunal_scheduler_v1_SetPhaseReply__Output>
}
