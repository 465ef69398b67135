// The actor registry: who is in the experiment, of which kind, and whether its
// lease is still alive. Pure (time comes in as nowMs); what a dead actor's work
// becomes is the caller's policy (the service releases its running prompts).
import type { RegistrantKind } from '../wire/actor-kinds.ts';

export interface ActorRecord {
  actorId: string;
  kind: RegistrantKind;
  host: string;
  pid: number;
  registeredAtMs: number;
  /** Last time the actor was heard from (any call naming it). */
  lastSeenMs: number;
}

export interface RegistryOptions {
  /** An actor silent for longer than this is declared dead. */
  leaseMs: number;
  /**
   * Distinguishes ids assigned by this scheduler process from those of an
   * earlier one, so an actor re-registering under an old id never collides
   * with a newcomer.
   */
  epoch: string;
}

export interface RegisterInput {
  kind: RegistrantKind;
  /** Re-register under this id; omitted or empty: assign one. */
  actorId?: string;
  host: string;
  pid: number;
}

export class Registry {
  readonly leaseMs: number;
  private readonly epoch: string;
  private readonly actors = new Map<string, ActorRecord>();
  private assigned = 0;

  constructor(opts: RegistryOptions) {
    this.leaseMs = opts.leaseMs;
    this.epoch = opts.epoch;
  }

  /** Adds the actor, or renews it when the id is already known (`renewed`). */
  register(input: RegisterInput, nowMs: number): { actor: ActorRecord; renewed: boolean } {
    let actorId = input.actorId;
    if (!actorId) {
      do actorId = `${input.kind}-${++this.assigned}-${this.epoch}`;
      while (this.actors.has(actorId));
    }
    const renewed = this.actors.has(actorId);
    const actor: ActorRecord = { actorId, kind: input.kind, host: input.host, pid: input.pid, registeredAtMs: nowMs, lastSeenMs: nowMs };
    this.actors.set(actorId, actor);
    return { actor, renewed };
  }

  /** Renews the lease; false when the actor is unknown (it must register again). */
  heartbeat(actorId: string, nowMs: number): boolean {
    const actor = this.actors.get(actorId);
    if (!actor) return false;
    actor.lastSeenMs = Math.max(actor.lastSeenMs, nowMs);
    return true;
  }

  get(actorId: string): ActorRecord | undefined {
    return this.actors.get(actorId);
  }

  deregister(actorId: string): boolean {
    return this.actors.delete(actorId);
  }

  /** Removes and returns actors silent for more than leaseMs at nowMs. */
  sweep(nowMs: number): ActorRecord[] {
    const dead: ActorRecord[] = [];
    for (const actor of this.actors.values()) {
      if (nowMs - actor.lastSeenMs > this.leaseMs) dead.push(actor);
    }
    for (const actor of dead) this.actors.delete(actor.actorId);
    return dead;
  }

  list(): ActorRecord[] {
    return [...this.actors.values()];
  }
}
