// Typed client of the scheduler. While the scheduler is unreachable (gRPC
// UNAVAILABLE, e.g. during its restart) every call retries with jittered
// exponential backoff, reporting each retry in one line, and gives up with
// TribunalError('UNAVAILABLE') after giveUpMs. Other failures come back as the
// TribunalError the server threw (TribunalError.fromGrpc).
import { hostname } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { TribunalError } from '../core/errors.ts';
import { backoffMs, type BackoffOptions } from '../core/backoff.ts';
import { bearer, readSchedulerToken } from './auth.ts';
import { clientCredentials } from './tls.ts';
import type { AcquireReply__Output } from './generated/tribunal/scheduler/v1/AcquireReply.ts';
import type { CommitReply__Output } from './generated/tribunal/scheduler/v1/CommitReply.ts';
import type { DeregisterReply__Output } from './generated/tribunal/scheduler/v1/DeregisterReply.ts';
import type { GetStateReply__Output } from './generated/tribunal/scheduler/v1/GetStateReply.ts';
import type { HeartbeatReply__Output } from './generated/tribunal/scheduler/v1/HeartbeatReply.ts';
import type { RegisterReply__Output } from './generated/tribunal/scheduler/v1/RegisterReply.ts';
import type { ReleaseReply__Output } from './generated/tribunal/scheduler/v1/ReleaseReply.ts';
import type { ReportProducedReply__Output } from './generated/tribunal/scheduler/v1/ReportProducedReply.ts';
import type { RestoreReply__Output } from './generated/tribunal/scheduler/v1/RestoreReply.ts';
import type { ReportPublishedReply__Output } from './generated/tribunal/scheduler/v1/ReportPublishedReply.ts';
import type { SchedulerClient as RawClient } from './generated/tribunal/scheduler/v1/Scheduler.ts';
import type { SetPhaseReply__Output } from './generated/tribunal/scheduler/v1/SetPhaseReply.ts';
import { loadSchedulerProto } from './proto.ts';
import type { Phase } from './types.ts';
import type { RegistrantKind } from '../wire/actor-kinds.ts';
import type { PromptRef } from '../wire/messages.ts';

export interface SchedulerClientOptions {
  /** Told about each retry while the scheduler is unreachable, in one line. */
  onRetry?: (line: string) => void;
  /** Stop retrying an unreachable scheduler after this long. @default 60000 */
  giveUpMs?: number;
  /** Deadline of one call attempt (Acquire adds its waitMs). @default 30000 */
  callTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** The scheduler's token (auth.ts); default: readSchedulerToken() from the environment. */
  token?: string;
  /** Where the token and TLS files are named. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** Replies whose phase string the server has checked against PHASES. */
type Phased<T> = Omit<T, 'phase'> & { phase: Phase };
export type HeartbeatReply = Phased<HeartbeatReply__Output>;
export type AcquireReply = Phased<AcquireReply__Output>;
export type GetStateReply = Phased<GetStateReply__Output>;

type Unary = (req: object, metadata: grpc.Metadata, options: grpc.CallOptions, cb: grpc.requestCallback<unknown>) => grpc.ClientUnaryCall;

export class SchedulerClient {
  private constructor(
    readonly address: string,
    private readonly raw: RawClient,
    private readonly opts: SchedulerClientOptions,
  ) {}

  /** A client for the scheduler at host:port. Lazy: nothing is sent until the first call. */
  static async connect(address: string, opts: SchedulerClientOptions = {}): Promise<SchedulerClient> {
    const proto = loadSchedulerProto();
    const { creds, options } = clientCredentials(opts.env);
    const raw = new proto.tribunal.scheduler.v1.Scheduler(address, creds, {
      ...options,
      // grpc-js backs off reconnects up to 120 s by default; our own retry loop paces calls instead.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 2000,
    });
    return new SchedulerClient(address, raw, { ...opts, token: opts.token ?? readSchedulerToken(opts.env) });
  }

  register(req: { kind: RegistrantKind; actorId?: string; host?: string; pid?: number }): Promise<RegisterReply__Output> {
    return this.call('Register', { host: hostname(), pid: process.pid, ...req });
  }

  heartbeat(req: { actorId: string }): Promise<HeartbeatReply> {
    return this.call('Heartbeat', req);
  }

  /** Up to `max` grants; waits up to waitMs for admission or work. Empty with done=true when the run is over. */
  acquire(req: { actorId: string; max: number; waitMs?: number }): Promise<AcquireReply> {
    const waitMs = req.waitMs ?? 0;
    return this.call('Acquire', { ...req, waitMs }, waitMs);
  }

  reportProduced(req: { actorId: string; promptId: string; attempt: number }): Promise<ReportProducedReply__Output> {
    return this.call('ReportProduced', req);
  }

  commit(req: { actorId: string; version: number; items: PromptRef[] }): Promise<CommitReply__Output> {
    return this.call('Commit', req);
  }

  release(req: { actorId: string; items: PromptRef[]; reason: string }): Promise<ReleaseReply__Output> {
    return this.call('Release', req);
  }

  restore(req: { version: number }): Promise<RestoreReply__Output> {
    return this.call('Restore', req);
  }

  reportPublished(req: { actorId: string; version: number }): Promise<ReportPublishedReply__Output> {
    return this.call('ReportPublished', req);
  }

  setPhase(req: { phase: Phase }): Promise<SetPhaseReply__Output> {
    return this.call('SetPhase', req);
  }

  getState(): Promise<GetStateReply> {
    return this.call('GetState', {});
  }

  deregister(req: { actorId: string }): Promise<DeregisterReply__Output> {
    return this.call('Deregister', req);
  }

  close(): void {
    this.raw.close();
  }

  private async call<Rep>(method: string, req: object, extraMs = 0): Promise<Rep> {
    const giveUpMs = this.opts.giveUpMs ?? 60_000;
    const startedMs = Date.now();
    for (let retry = 0; ; retry++) {
      let err: grpc.ServiceError;
      try {
        return (await this.once(method, req, extraMs)) as Rep;
      } catch (e) {
        err = e as grpc.ServiceError;
      }
      if (err.code !== grpc.status.UNAVAILABLE) throw TribunalError.fromGrpc(err.code, err.details ?? err.message, err);
      const elapsedMs = Date.now() - startedMs;
      if (elapsedMs >= giveUpMs) {
        throw new TribunalError('UNAVAILABLE', `scheduler at ${this.address} unreachable for ${elapsedMs} ms (${method}): ${err.details}`, { cause: err });
      }
      const delayMs = Math.min(backoffMs(retry, this.opts.backoff), giveUpMs - elapsedMs);
      this.opts.onRetry?.(`scheduler ${this.address} unavailable (${method}: ${err.details}); retry ${retry + 1} in ${delayMs} ms, giving up after ${giveUpMs} ms`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }

  private once(method: string, req: object, extraMs: number): Promise<unknown> {
    const fn = (this.raw as unknown as Record<string, Unary>)[method];
    const deadline = Date.now() + (this.opts.callTimeoutMs ?? 30_000) + extraMs;
    const metadata = new grpc.Metadata();
    if (this.opts.token) metadata.set('authorization', bearer(this.opts.token));
    return new Promise((resolve, reject) => {
      fn.call(this.raw, req, metadata, { deadline }, (err, reply) => (err ? reject(err) : resolve(reply)));
    });
  }
}
