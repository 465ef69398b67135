// The scheduler's RPC semantics, transport-free: checks each request, applies it
// to the registry and the durable store, long-polls Acquire under admission
// control, and sweeps dead actors. server.ts only maps these methods onto gRPC.
import { TribunalError } from '../core/errors.ts';
import { admissible } from './admission.ts';
import type { AcquireReply } from './generated/tribunal/scheduler/v1/AcquireReply.ts';
import type { CommitReply } from './generated/tribunal/scheduler/v1/CommitReply.ts';
import type { DeregisterReply } from './generated/tribunal/scheduler/v1/DeregisterReply.ts';
import type { GetStateReply } from './generated/tribunal/scheduler/v1/GetStateReply.ts';
import type { HeartbeatReply } from './generated/tribunal/scheduler/v1/HeartbeatReply.ts';
import type { RegisterReply } from './generated/tribunal/scheduler/v1/RegisterReply.ts';
import type { ReleaseReply } from './generated/tribunal/scheduler/v1/ReleaseReply.ts';
import type { ReportProducedReply } from './generated/tribunal/scheduler/v1/ReportProducedReply.ts';
import type { RestoreReply } from './generated/tribunal/scheduler/v1/RestoreReply.ts';
import type { ReportPublishedReply } from './generated/tribunal/scheduler/v1/ReportPublishedReply.ts';
import type { SetPhaseReply } from './generated/tribunal/scheduler/v1/SetPhaseReply.ts';
import type { Registry } from './registry.ts';
import * as R from './requests.ts';
import type { SchedulerStore } from './store.ts';
import { GRANTING_PHASES, type LogFn } from './types.ts';

export interface SchedulerServiceOptions {
  /** Prompts per learner step (B in the admission rule). */
  batchSize: number;
  /** Staleness bound in versions (0: synchronous). */
  eta: number;
  heartbeatMs: number;
  log: LogFn;
  /** Clock in ms; injectable for tests. @default Date.now */
  now?: () => number;
}

/** Pause suggested to an actor that asked without waiting and got nothing. */
const RETRY_AFTER_MS = 250;

export class SchedulerService {
  private readonly waiters = new Set<() => void>();
  private readonly now: () => number;
  private closed = false;
  /**
   * The newest version whose weights the learner has published: admission
   * counts from it, not from the commit clock, which moves before the weights
   * of a step are out. Kept in memory; a recovered scheduler takes the clock's
   * weights as out (the learner republishes on its restart anyway).
   */
  private published: number;

  constructor(
    private readonly store: SchedulerStore,
    private readonly registry: Registry,
    private readonly opts: SchedulerServiceOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.published = store.ledger.version;
  }

  /** The version admission counts from: the newest published, never above the clock. */
  get publishedVersion(): number {
    return Math.min(this.published, this.store.ledger.version);
  }

  register(raw: unknown): RegisterReply {
    const req = R.parseRequest('Register', R.RegisterRequest, raw);
    const { actor, renewed } = this.registry.register(req, this.now());
    // A known id registering again is a restarted process: its old grants are lost.
    const released = renewed ? this.store.releaseActor(actor.actorId) : 0;
    if (released) this.wake();
    this.opts.log('info', renewed ? 'actor re-registered' : 'actor registered', { actorId: actor.actorId, kind: actor.kind, host: actor.host, pid: actor.pid, released });
    return { actorId: actor.actorId, leaseMs: this.registry.leaseMs, heartbeatMs: this.opts.heartbeatMs };
  }

  heartbeat(raw: unknown): HeartbeatReply {
    const req = R.parseRequest('Heartbeat', R.HeartbeatRequest, raw);
    const known = this.registry.heartbeat(req.actorId, this.now());
    return { known, phase: this.store.phase, version: this.store.ledger.version, done: this.store.ledger.done };
  }

  /** Grants what admission allows; when nothing, waits (up to waitMs) for a change. */
  async acquire(raw: unknown, signal?: AbortSignal): Promise<AcquireReply> {
    const req = R.parseRequest('Acquire', R.AcquireRequest, raw);
    // Waiting past the lease would let the sweep declare a patient actor dead.
    const deadline = this.now() + Math.min(req.waitMs, this.registry.leaseMs / 2);
    for (;;) {
      if (!this.registry.heartbeat(req.actorId, this.now())) {
        throw new TribunalError('NOT_FOUND', `actor ${req.actorId} is not registered (lease expired or scheduler restarted): register again`);
      }
      const reply = this.tryGrant(req.actorId, req.max);
      const remainingMs = deadline - this.now();
      if (reply.grants!.length || reply.done || this.closed || signal?.aborted || remainingMs <= 0) {
        if (!reply.grants!.length && !reply.done && req.waitMs === 0) reply.retryAfterMs = RETRY_AFTER_MS;
        return reply;
      }
      await this.changed(remainingMs, signal);
    }
  }

  reportProduced(raw: unknown): ReportProducedReply {
    const req = R.parseRequest('ReportProduced', R.ReportProducedRequest, raw);
    this.registry.heartbeat(req.actorId, this.now());
    return { accepted: this.store.produced(req.promptId, req.attempt, this.now()) };
  }

  commit(raw: unknown): CommitReply {
    const req = R.parseRequest('Commit', R.CommitRequest, raw);
    this.registry.heartbeat(req.actorId, this.now());
    const result = this.store.commit(req.items, req.version);
    if (result.duplicates.length) {
      this.opts.log('warn', 'duplicate groups committed (not counted again)', { actorId: req.actorId, version: req.version, duplicates: result.duplicates.length });
    }
    this.wake();
    return { ...result, version: this.store.ledger.version };
  }

  release(raw: unknown): ReleaseReply {
    const req = R.parseRequest('Release', R.ReleaseRequest, raw);
    this.registry.heartbeat(req.actorId, this.now());
    const released = this.store.release(req.items);
    this.opts.log('info', 'prompts released for re-sampling', { actorId: req.actorId, reason: req.reason, released });
    if (released) this.wake();
    return { released };
  }

  restore(raw: unknown): RestoreReply {
    const req = R.parseRequest('Restore', R.RestoreRequest, raw);
    const reissued = this.store.restore(req.version);
    // The restored learner publishes this version's weights next; nothing newer is out any more.
    this.published = Math.min(this.published, req.version);
    // A fresh learner restores version 0 with nothing to re-issue: routine, not a warning.
    const routine = req.version === 0 && reissued === 0;
    this.opts.log(routine ? 'info' : 'warn', 'version clock restored', { version: req.version, reissued });
    this.wake();
    return { reissued };
  }

  /** The learner's weights of a committed version are out (a version above the clock is held at the clock). */
  reportPublished(raw: unknown): ReportPublishedReply {
    const req = R.parseRequest('ReportPublished', R.ReportPublishedRequest, raw);
    this.registry.heartbeat(req.actorId, this.now());
    this.published = Math.min(req.version, this.store.ledger.version);
    this.wake();
    return { publishedVersion: this.publishedVersion };
  }

  setPhase(raw: unknown): SetPhaseReply {
    const req = R.parseRequest('SetPhase', R.SetPhaseRequest, raw);
    this.store.setPhase(req.phase);
    this.opts.log('info', 'phase changed', { phase: req.phase });
    this.wake();
    return { phase: req.phase };
  }

  getState(): GetStateReply {
    const ledger = this.store.ledger;
    const nowMs = this.now();
    return {
      phase: this.store.phase,
      version: ledger.version,
      counters: ledger.counters(),
      actors: this.registry.list().map((a) => ({
        actorId: a.actorId, kind: a.kind, host: a.host, pid: a.pid,
        silentMs: Math.max(0, nowMs - a.lastSeenMs), running: ledger.runningOf(a.actorId),
      })),
      done: ledger.done,
      admission: { eta: this.opts.eta, batchSize: this.opts.batchSize, openSlots: this.openSlots(), publishedVersion: this.publishedVersion },
    };
  }

  /** What staleness admission lets out right now (0 when closed, or when no phase grants). */
  private openSlots(): number {
    const ledger = this.store.ledger;
    if (!GRANTING_PHASES.has(this.store.phase) || ledger.done) return 0;
    const c = ledger.counters();
    return admissible({ version: this.publishedVersion, eta: this.opts.eta, batchSize: this.opts.batchSize, accepted: c.produced + c.consumed, running: c.running });
  }

  deregister(raw: unknown): DeregisterReply {
    const req = R.parseRequest('Deregister', R.DeregisterRequest, raw);
    const known = this.registry.deregister(req.actorId);
    const released = this.store.releaseActor(req.actorId);
    if (released) this.wake();
    this.opts.log('info', 'actor deregistered', { actorId: req.actorId, known, released });
    return { known, released };
  }

  /** Declares actors silent past their lease dead and frees their work; returns their ids. */
  sweep(): string[] {
    const dead = this.registry.sweep(this.now());
    for (const actor of dead) {
      const released = this.store.releaseActor(actor.actorId);
      this.opts.log('warn', 'actor lease expired: declared dead', { actorId: actor.actorId, kind: actor.kind, released });
    }
    // Also wakes long-polls so overdue produced prompts are re-issued.
    this.wake();
    return dead.map((a) => a.actorId);
  }

  /** Ends every long-poll now (they return what they have). */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private tryGrant(actorId: string, max: number): AcquireReply {
    const ledger = this.store.ledger;
    let grants: AcquireReply['grants'] = [];
    if (GRANTING_PHASES.has(this.store.phase) && !ledger.done) {
      const allowed = this.openSlots();
      grants = allowed > 0
        ? this.store.grant(actorId, Math.min(max, allowed), this.now())
        : this.store.grant(actorId, max, this.now(), true); // a lost group's prompt must not wait on admission
    }
    return { grants, version: ledger.version, publishedVersion: this.publishedVersion, phase: this.store.phase, retryAfterMs: 0, done: ledger.done };
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }

  /** Resolves on the next state change, after timeoutMs, or on abort. */
  private changed(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}
