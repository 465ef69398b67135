// A typed gRPC client of the trainer service (proto/trainer.proto): one call
// per verb with a deadline, the service's errors read back as TribunalErrors
// (its `tribunal-code` trailer names the kind). Starting, watching and
// restarting the service is service.ts's job.
import * as grpc from '@grpc/grpc-js';
import type { TrainerClient as RawClient } from './generated/tribunal/trainer/v1/Trainer.ts';
import type { LoadRequest } from './generated/tribunal/trainer/v1/LoadRequest.ts';
import type { ModelInfo__Output } from './generated/tribunal/trainer/v1/ModelInfo.ts';
import type { TokenizeRequest } from './generated/tribunal/trainer/v1/TokenizeRequest.ts';
import type { TokenizeReply__Output } from './generated/tribunal/trainer/v1/TokenizeReply.ts';
import type { DetokenizeRequest } from './generated/tribunal/trainer/v1/DetokenizeRequest.ts';
import type { DetokenizeReply__Output } from './generated/tribunal/trainer/v1/DetokenizeReply.ts';
import type { LogprobsRequest } from './generated/tribunal/trainer/v1/LogprobsRequest.ts';
import type { LogprobsReply__Output } from './generated/tribunal/trainer/v1/LogprobsReply.ts';
import type { ForwardBackwardRequest } from './generated/tribunal/trainer/v1/ForwardBackwardRequest.ts';
import type { ForwardBackwardReply__Output } from './generated/tribunal/trainer/v1/ForwardBackwardReply.ts';
import type { OptimStepRequest } from './generated/tribunal/trainer/v1/OptimStepRequest.ts';
import type { OptimStepReply__Output } from './generated/tribunal/trainer/v1/OptimStepReply.ts';
import type { SampleRequest } from './generated/tribunal/trainer/v1/SampleRequest.ts';
import type { SampleReply__Output } from './generated/tribunal/trainer/v1/SampleReply.ts';
import type { NextTokenLogprobsRequest } from './generated/tribunal/trainer/v1/NextTokenLogprobsRequest.ts';
import type { NextTokenLogprobsReply__Output } from './generated/tribunal/trainer/v1/NextTokenLogprobsReply.ts';
import type { SaveCheckpointRequest } from './generated/tribunal/trainer/v1/SaveCheckpointRequest.ts';
import type { SaveCheckpointReply__Output } from './generated/tribunal/trainer/v1/SaveCheckpointReply.ts';
import type { LoadCheckpointRequest } from './generated/tribunal/trainer/v1/LoadCheckpointRequest.ts';
import type { LoadCheckpointReply__Output } from './generated/tribunal/trainer/v1/LoadCheckpointReply.ts';
import type { ExportWeightsRequest } from './generated/tribunal/trainer/v1/ExportWeightsRequest.ts';
import type { WeightsRef__Output } from './generated/tribunal/trainer/v1/WeightsRef.ts';
import type { LoadWeightsRequest } from './generated/tribunal/trainer/v1/LoadWeightsRequest.ts';
import type { LoadWeightsReply__Output } from './generated/tribunal/trainer/v1/LoadWeightsReply.ts';
import { loadTrainerProto, MAX_MESSAGE_BYTES } from './proto.ts';
import { TribunalError, type TribunalErrorCode } from '../../core/errors.ts';

/** Request and reply of each verb. */
export interface TrainerVerbs {
  Load: [LoadRequest, ModelInfo__Output];
  Info: [Record<string, never>, ModelInfo__Output];
  Tokenize: [TokenizeRequest, TokenizeReply__Output];
  Detokenize: [DetokenizeRequest, DetokenizeReply__Output];
  Logprobs: [LogprobsRequest, LogprobsReply__Output];
  ForwardBackward: [ForwardBackwardRequest, ForwardBackwardReply__Output];
  OptimStep: [OptimStepRequest, OptimStepReply__Output];
  Sample: [SampleRequest, SampleReply__Output];
  NextTokenLogprobs: [NextTokenLogprobsRequest, NextTokenLogprobsReply__Output];
  SaveCheckpoint: [SaveCheckpointRequest, SaveCheckpointReply__Output];
  LoadCheckpoint: [LoadCheckpointRequest, LoadCheckpointReply__Output];
  ExportWeights: [ExportWeightsRequest, WeightsRef__Output];
  LoadWeights: [LoadWeightsRequest, LoadWeightsReply__Output];
}
export type TrainerVerb = keyof TrainerVerbs;

/** The service's `tribunal-code` trailer, as the runtime's codes. */
const SERVICE_CODES: Record<string, TribunalErrorCode> = {
  BAD_CONFIG: 'BAD_CONFIG', BAD_MESSAGE: 'BAD_MESSAGE', BAD_WEIGHTS: 'BAD_WEIGHTS', NOT_FOUND: 'NOT_FOUND', NOT_LOADED: 'ENGINE', INTERNAL: 'ENGINE',
};

type Unary = (req: unknown, meta: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, reply: unknown) => void) => void;

export class TrainerServiceClient {
  private readonly raw: RawClient;

  constructor(readonly address: string) {
    const proto = loadTrainerProto();
    this.raw = new proto.tribunal.trainer.v1.Trainer(address, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    });
  }

  /** One call; fails with the service's own error, UNAVAILABLE when it cannot be reached, TIMEOUT past timeoutMs. */
  call<V extends TrainerVerb>(verb: V, req: TrainerVerbs[V][0], timeoutMs: number): Promise<TrainerVerbs[V][1]> {
    const fn = (this.raw as unknown as Record<string, Unary>)[verb];
    return new Promise((resolve, reject) => {
      fn.call(this.raw, req, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, reply) => {
        if (err) reject(serviceError(verb, this.address, err));
        else resolve(reply as TrainerVerbs[V][1]);
      });
    });
  }

  /** Resolves once the channel is connected (the service is up), or rejects after timeoutMs. */
  waitReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.raw.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(new TribunalError('UNAVAILABLE', `trainer service at ${this.address} not reachable: ${err.message}`, { cause: err })) : resolve()));
    });
  }

  close(): void {
    this.raw.close();
  }
}

function serviceError(verb: string, address: string, err: grpc.ServiceError): TribunalError {
  const code = err.metadata?.get('tribunal-code')[0]?.toString();
  const details = err.details || err.message;
  if (code && code in SERVICE_CODES) return new TribunalError(SERVICE_CODES[code], `trainer ${verb}: ${details}`, { cause: err });
  if (err.code === grpc.status.DEADLINE_EXCEEDED) return new TribunalError('TIMEOUT', `trainer ${verb} at ${address} took too long (the service may be hung): ${details}`, { cause: err });
  if (err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.CANCELLED) return new TribunalError('UNAVAILABLE', `trainer service at ${address} unavailable during ${verb}: ${details}`, { cause: err });
  return TribunalError.fromGrpc(err.code, `trainer ${verb}: ${details}`, err);
}
