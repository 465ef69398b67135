// The prompt ledger: which prompt is pending, running (granted to an actor),
// produced (its group is on the bus) or consumed (a learner step counted it),
// and the policy version clock. Pure: time comes in as nowMs, persistence and
// admission are left to store.ts and admission.ts.
import { TribunalError } from '../core/errors.ts';
import type { PromptRef } from '../wire/messages.ts';
import { promptSeq } from '../wire/prompt-id.ts';

const PENDING = 0;
const RUNNING = 1;
const PRODUCED = 2;
const CONSUMED = 3;
const STATE_NAMES = ['pending', 'running', 'produced', 'consumed'] as const;
export type PromptState = (typeof STATE_NAMES)[number];

export interface LedgerOptions {
  totalPrompts: number;
  /** Prompt seq maps to dataset row seq % datasetSize (epochs wrap around). */
  datasetSize: number;
  /** A produced prompt whose group has not been committed after this long may be re-issued. */
  producedTimeoutMs: number;
}

/** One issue of a prompt to an actor. */
export interface LedgerGrant { promptId: string; index: number; attempt: number }
export interface CommitResult { consumed: string[]; duplicates: string[] }

export interface LedgerCounters {
  pending: number;
  running: number;
  produced: number;
  consumed: number;
  /** Groups committed for a prompt that was already consumed (never counted twice). */
  duplicates: number;
  /** Grants of a prompt that had been issued before. */
  reissued: number;
  total: number;
}

/** The durable part of the ledger: what survives a scheduler restart. */
export interface LedgerSnapshot {
  version: number;
  /** Last attempt number issued per prompt (0: never issued). */
  attempts: number[];
  /** Version at which each prompt was consumed, -1 when it is not. */
  consumedAtVersion: number[];
  /** Attempt whose group was consumed, 0 when not consumed. */
  consumedAttempt: number[];
  duplicates: number;
  reissued: number;
}

export class Ledger {
  readonly totalPrompts: number;
  readonly datasetSize: number;
  readonly producedTimeoutMs: number;
  private readonly state: Uint8Array;
  private readonly attempts: Uint32Array;
  private readonly consumedAt: Int32Array;
  private readonly consumedAttempt: Uint32Array;
  private readonly producedAtMs: Float64Array;
  /** Attempt whose group the learner dropped (released) per prompt, 0 when none: its late produced report is void. */
  private readonly droppedAttempt: Uint32Array;
  private readonly owner = new Map<number, string>();
  private readonly byActor = new Map<string, Set<number>>();
  /** Prompts sent back to pending below `cursor` (lazy: entries are checked when popped). */
  private requeue: number[] = [];
  private requeueHead = 0;
  /** Produced prompts in the order they were reported, for the re-issue timeout. */
  private producedFifo: { seq: number; attempt: number; atMs: number }[] = [];
  private producedHead = 0;
  /** Prompts at or above the cursor that are pending have never been granted since load. */
  private cursor = 0;
  private readonly counts = [0, 0, 0, 0];
  private duplicatesCount = 0;
  private reissuedCount = 0;
  private versionClock = 0;

  constructor(opts: LedgerOptions, snapshot?: LedgerSnapshot) {
    if (!Number.isInteger(opts.totalPrompts) || opts.totalPrompts < 1) throw new TribunalError('BAD_CONFIG', `totalPrompts must be a positive integer, got ${opts.totalPrompts}`);
    if (!Number.isInteger(opts.datasetSize) || opts.datasetSize < 1) throw new TribunalError('BAD_CONFIG', `datasetSize must be a positive integer, got ${opts.datasetSize}`);
    if (!(opts.producedTimeoutMs > 0)) throw new TribunalError('BAD_CONFIG', `producedTimeoutMs must be > 0, got ${opts.producedTimeoutMs}`);
    this.totalPrompts = opts.totalPrompts;
    this.datasetSize = opts.datasetSize;
    this.producedTimeoutMs = opts.producedTimeoutMs;
    const n = opts.totalPrompts;
    this.state = new Uint8Array(n);
    this.attempts = new Uint32Array(n);
    this.consumedAt = new Int32Array(n).fill(-1);
    this.consumedAttempt = new Uint32Array(n);
    this.producedAtMs = new Float64Array(n);
    this.droppedAttempt = new Uint32Array(n);
    this.counts[PENDING] = n;
    if (snapshot) this.load(snapshot);
  }

  get version(): number { return this.versionClock; }
  get done(): boolean { return this.counts[CONSUMED] === this.totalPrompts; }

  counters(): LedgerCounters {
    return {
      pending: this.counts[PENDING], running: this.counts[RUNNING], produced: this.counts[PRODUCED],
      consumed: this.counts[CONSUMED], duplicates: this.duplicatesCount, reissued: this.reissuedCount,
      total: this.totalPrompts,
    };
  }

  /** State, attempt and owner of one prompt (for tests and diagnostics). */
  inspect(promptId: string): { state: PromptState; attempt: number; owner: string | null; consumedAtVersion: number } {
    const seq = this.seqOf(promptId);
    return { state: STATE_NAMES[this.state[seq]], attempt: this.attempts[seq], owner: this.owner.get(seq) ?? null, consumedAtVersion: this.consumedAt[seq] };
  }

  runningOf(actorId: string): number { return this.byActor.get(actorId)?.size ?? 0; }

  /**
   * Issue up to `max` prompts to an actor: first prompts sent back to pending,
   * then produced prompts whose group is overdue, then never-issued prompts.
   */
  grant(actorId: string, max: number, nowMs: number): LedgerGrant[] {
    return this.issueWhile(actorId, max, () => this.nextGrantable(nowMs));
  }

  /** Issues what `next` picks (-1: nothing more), up to `max` prompts. */
  private issueWhile(actorId: string, max: number, next: () => number): LedgerGrant[] {
    const out: LedgerGrant[] = [];
    while (out.length < max) {
      const seq = next();
      if (seq < 0) break;
      out.push(this.issue(seq, actorId));
    }
    return out;
  }

  private issue(seq: number, actorId: string): LedgerGrant {
    if (this.attempts[seq] > 0) this.reissuedCount++;
    this.attempts[seq]++;
    this.move(seq, RUNNING);
    this.own(seq, actorId);
    return { promptId: String(seq), index: seq % this.datasetSize, attempt: this.attempts[seq] };
  }

  /** The group of this issue is on the bus. False when the report no longer matters. */
  produced(promptId: string, attempt: number, nowMs: number): boolean {
    const seq = this.seqOf(promptId);
    const s = this.state[seq];
    if (attempt < 1 || attempt !== this.attempts[seq] || (s !== RUNNING && s !== PENDING)) return false;
    // The learner already dropped this very group (it can see a group before its
    // producer's report arrives): marking it produced would strand the prompt,
    // since no group of it is left anywhere.
    if (s === PENDING && this.droppedAttempt[seq] === attempt) return false;
    // A pending prompt here was released from a dead actor whose group made it out after all.
    this.move(seq, PRODUCED);
    this.producedAtMs[seq] = nowMs;
    this.producedFifo.push({ seq, attempt, atMs: nowMs });
    return true;
  }

  /**
   * A learner step that made `newVersion` consumed these groups. The first
   * group of a prompt wins; any other is a duplicate. Re-sending the same
   * (prompt, attempt) at the same version is a retried call, not a duplicate.
   */
  commit(items: PromptRef[], newVersion: number): CommitResult {
    if (!Number.isInteger(newVersion) || newVersion < this.versionClock) {
      throw new TribunalError('STALE', `commit version ${newVersion} is behind the version clock ${this.versionClock}`);
    }
    const seqs = items.map((it) => this.seqOf(it.promptId)); // validate all before changing anything
    const seen = new Set<number>();
    const result: CommitResult = { consumed: [], duplicates: [] };
    items.forEach((it, i) => {
      const seq = seqs[i];
      const replay = !seen.has(seq) && this.state[seq] === CONSUMED
        && this.consumedAttempt[seq] === it.attempt && this.consumedAt[seq] === newVersion;
      if (replay) {
        result.consumed.push(it.promptId);
      } else if (seen.has(seq) || this.state[seq] === CONSUMED) {
        this.duplicatesCount++;
        result.duplicates.push(it.promptId);
      } else {
        // An attempt above the known one was issued before a restart lost its grant record.
        if (it.attempt > this.attempts[seq]) this.attempts[seq] = it.attempt;
        this.move(seq, CONSUMED);
        this.consumedAt[seq] = newVersion;
        this.consumedAttempt[seq] = it.attempt;
        result.consumed.push(it.promptId);
      }
      seen.add(seq);
    });
    this.versionClock = newVersion;
    return result;
  }

  /** A learner dropped these groups unused: their prompts go back to pending. Returns how many did. */
  release(items: PromptRef[]): number {
    const seqs = items.map((it) => this.seqOf(it.promptId));
    let released = 0;
    items.forEach((it, i) => {
      const seq = seqs[i];
      const s = this.state[seq];
      // An older attempt's group says nothing about a newer issue still in flight.
      if (it.attempt !== this.attempts[seq] || (s !== RUNNING && s !== PRODUCED)) return;
      this.droppedAttempt[seq] = it.attempt;
      this.toPending(seq);
      released++;
    });
    return released;
  }

  /** A dead actor's running prompts go back to pending. Returns how many did. */
  releaseActor(actorId: string): number {
    const seqs = [...(this.byActor.get(actorId) ?? [])];
    for (const seq of seqs) this.toPending(seq);
    return seqs.length;
  }

  /**
   * The learner restarted from the checkpoint of `version`: prompts consumed
   * after it go back to pending and the clock goes back. Returns how many.
   */
  restore(version: number): number {
    if (!Number.isInteger(version) || version < 0 || version > this.versionClock) {
      throw new TribunalError('STALE', `cannot restore to version ${version}: the version clock is at ${this.versionClock}`);
    }
    let n = 0;
    for (let seq = 0; seq < this.totalPrompts; seq++) {
      if (this.state[seq] === CONSUMED && this.consumedAt[seq] > version) {
        this.toPending(seq);
        n++;
      }
    }
    this.versionClock = version;
    return n;
  }

  /** Record an issue read back from the journal (grants are replayed, not re-decided). */
  noteIssued(promptId: string, attempt: number): void {
    const seq = this.seqOf(promptId);
    if (attempt <= this.attempts[seq]) return;
    if (attempt > 1) this.reissuedCount++;
    this.attempts[seq] = attempt;
  }

  snapshot(): LedgerSnapshot {
    return {
      version: this.versionClock,
      attempts: Array.from(this.attempts),
      consumedAtVersion: Array.from(this.consumedAt),
      consumedAttempt: Array.from(this.consumedAttempt),
      duplicates: this.duplicatesCount,
      reissued: this.reissuedCount,
    };
  }

  private load(snap: LedgerSnapshot): void {
    const n = this.totalPrompts;
    if (snap.attempts.length !== n || snap.consumedAtVersion.length !== n || snap.consumedAttempt.length !== n) {
      throw new TribunalError('BAD_CONFIG', `ledger snapshot holds ${snap.attempts.length} prompts, this run has ${n}`);
    }
    this.attempts.set(snap.attempts);
    this.consumedAttempt.set(snap.consumedAttempt);
    for (let seq = 0; seq < n; seq++) {
      if (snap.consumedAtVersion[seq] >= 0) {
        this.move(seq, CONSUMED);
        this.consumedAt[seq] = snap.consumedAtVersion[seq];
      }
    }
    this.versionClock = snap.version;
    this.duplicatesCount = snap.duplicates;
    this.reissuedCount = snap.reissued;
  }

  private nextGrantable(nowMs: number): number {
    while (this.requeueHead < this.requeue.length) {
      const seq = this.requeue[this.requeueHead++];
      if (this.state[seq] === PENDING) return seq;
    }
    if (this.requeueHead > 0) { this.requeue = []; this.requeueHead = 0; }
    const overdue = this.nextOverdue(nowMs);
    if (overdue >= 0) return overdue;
    while (this.cursor < this.totalPrompts) {
      const seq = this.cursor++;
      if (this.state[seq] === PENDING) return seq;
    }
    return -1;
  }

  /** The oldest produced prompt past producedTimeoutMs (its group may be lost), or -1. */
  private nextOverdue(nowMs: number): number {
    let found = -1;
    while (this.producedHead < this.producedFifo.length) {
      const e = this.producedFifo[this.producedHead];
      const live = this.state[e.seq] === PRODUCED && this.attempts[e.seq] === e.attempt && this.producedAtMs[e.seq] === e.atMs;
      if (live && nowMs - e.atMs < this.producedTimeoutMs) break; // later entries are younger
      this.producedHead++;
      if (live) { found = e.seq; break; }
    }
    if (this.producedHead > 1024 && this.producedHead * 2 > this.producedFifo.length) {
      this.producedFifo = this.producedFifo.slice(this.producedHead);
      this.producedHead = 0;
    }
    return found;
  }

  /**
   * Re-issues overdue produced prompts only. Admission control lets these
   * through even when it is closed: produced -> running leaves accepted +
   * running unchanged, and a lost group must not hold the run up for good.
   */
  grantOverdue(actorId: string, max: number, nowMs: number): LedgerGrant[] {
    return this.issueWhile(actorId, max, () => this.nextOverdue(nowMs));
  }

  private toPending(seq: number): void {
    if (this.state[seq] === CONSUMED) {
      this.consumedAt[seq] = -1;
      this.consumedAttempt[seq] = 0;
    }
    this.move(seq, PENDING);
    if (seq < this.cursor) this.requeue.push(seq);
  }

  /** Change state, keeping counts and ownership in step (ownership only while running). */
  private move(seq: number, to: number): void {
    const from = this.state[seq];
    if (from === RUNNING) this.disown(seq);
    this.counts[from]--;
    this.counts[to]++;
    this.state[seq] = to;
  }

  private own(seq: number, actorId: string): void {
    this.owner.set(seq, actorId);
    let set = this.byActor.get(actorId);
    if (!set) this.byActor.set(actorId, (set = new Set()));
    set.add(seq);
  }

  private disown(seq: number): void {
    const actorId = this.owner.get(seq);
    if (actorId === undefined) return;
    this.owner.delete(seq);
    const set = this.byActor.get(actorId);
    set?.delete(seq);
    if (set && set.size === 0) this.byActor.delete(actorId);
  }

  private seqOf(promptId: string): number {
    return promptSeq(promptId, this.totalPrompts);
  }
}
