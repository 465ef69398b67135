// The scheduler's durable state: the ledger and the phase, kept in stateDir as
// a snapshot (atomic write+rename) plus an append-only JSONL journal of what
// happened since. Commits, restores and phase changes are fsync'd before the
// call returns; grants are appended without fsync (they need not be durable:
// after a restart unfinished prompts are pending again and commit dedups).
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TribunalError } from '../core/errors.ts';
import { writeError, writeErrorLine } from '../core/write-error.ts';
import { Ledger, type CommitResult, type LedgerGrant, type LedgerSnapshot } from './ledger.ts';
import type { PromptRef } from '../wire/messages.ts';
import { noopLog, type LogFn, type Phase } from './types.ts';

export interface StoreConfig {
  totalPrompts: number;
  datasetSize: number;
  batchSize: number;
}

export interface StoreOptions extends StoreConfig {
  stateDir: string;
  producedTimeoutMs: number;
  /** Fold the journal into the snapshot after this many records. @default 2000 */
  compactEvery?: number;
  log?: LogFn;
  /**
   * A journal or snapshot write failed (ENOSPC...): the ledger in memory is now
   * ahead of what is on disk. Default: throw; the scheduler process exits so
   * it restarts from what is on disk.
   */
  onWriteFailure?: (message: string) => void;
}

/** Journal records; `n` increases forever so a snapshot knows which it already holds. */
type JournalRecord =
  | { n: number; t: 'grant'; items: [seq: number, attempt: number][] }
  | { n: number; t: 'commit'; version: number; items: [seq: number, attempt: number][] }
  | { n: number; t: 'restore'; version: number }
  | { n: number; t: 'phase'; phase: Phase };
type RecordBody = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, 'n'> : never) : never;

interface SnapshotFile {
  format: 1;
  config: StoreConfig;
  /** Highest journal record folded into this snapshot. */
  lastN: number;
  phase: Phase;
  ledger: LedgerSnapshot;
}

export const SNAPSHOT_FILE = 'snapshot.json';
export const JOURNAL_FILE = 'journal.jsonl';

/** What others may read of the ledger; it changes only through the store's methods. */
export type LedgerView = Pick<Ledger, 'version' | 'done' | 'counters' | 'runningOf'>;

export class SchedulerStore {
  private readonly ledgerState: Ledger;
  private phaseNow: Phase;
  private readonly dir: string;
  private readonly config: StoreConfig;
  private readonly compactEvery: number;
  private readonly log: LogFn;
  private readonly onWriteFailure?: (message: string) => void;
  private fd: number;
  private lastN: number;
  private sinceCompact = 0;

  /** Loads (or creates) the state in opts.stateDir. Throws BAD_CONFIG when it belongs to another run. */
  static open(opts: StoreOptions): SchedulerStore {
    return new SchedulerStore(opts);
  }

  private constructor(opts: StoreOptions) {
    this.dir = opts.stateDir;
    this.config = { totalPrompts: opts.totalPrompts, datasetSize: opts.datasetSize, batchSize: opts.batchSize };
    this.compactEvery = opts.compactEvery ?? 2000;
    this.log = opts.log ?? noopLog;
    this.onWriteFailure = opts.onWriteFailure;
    mkdirSync(this.dir, { recursive: true });
    const ledgerOpts = { totalPrompts: opts.totalPrompts, datasetSize: opts.datasetSize, producedTimeoutMs: opts.producedTimeoutMs };
    const snap = this.readSnapshot();
    this.ledgerState = new Ledger(ledgerOpts, snap?.ledger);
    this.phaseNow = snap?.phase ?? 'starting';
    this.lastN = snap?.lastN ?? 0;
    const replayed = this.replayJournal(snap !== null);
    // Fold everything into a fresh snapshot at once: this also drops a torn last line.
    this.fd = -1;
    this.compact();
    this.fd = openSync(join(this.dir, JOURNAL_FILE), 'a');
    if (snap || replayed) {
      const c = this.ledgerState.counters();
      this.log('info', 'scheduler state recovered', { stateDir: this.dir, version: this.ledgerState.version, phase: this.phaseNow, consumed: c.consumed, replayed });
    }
  }

  get phase(): Phase { return this.phaseNow; }

  get ledger(): LedgerView { return this.ledgerState; }

  /** Grants prompts; `overdueOnly` re-issues only produced prompts past their timeout. */
  grant(actorId: string, max: number, nowMs: number, overdueOnly = false): LedgerGrant[] {
    const grants = overdueOnly ? this.ledgerState.grantOverdue(actorId, max, nowMs) : this.ledgerState.grant(actorId, max, nowMs);
    if (grants.length) this.append({ t: 'grant', items: grants.map((g) => [Number(g.promptId), g.attempt]) }, false);
    return grants;
  }

  commit(items: PromptRef[], version: number): CommitResult {
    const result = this.ledgerState.commit(items, version);
    this.append({ t: 'commit', version, items: items.map((it) => [Number(it.promptId), it.attempt]) }, true);
    return result;
  }

  restore(version: number): number {
    const n = this.ledgerState.restore(version);
    this.append({ t: 'restore', version }, true);
    return n;
  }

  /**
   * A rollout published the group of a grant. Produced and running states are
   * not journaled: after a restart every prompt not consumed is issued again,
   * and the ledger's dedup keeps exactly-once.
   */
  produced(promptId: string, attempt: number, nowMs: number): boolean {
    return this.ledgerState.produced(promptId, attempt, nowMs);
  }

  /** The learner dropped these groups (stale): pending again (not journaled, as produced). */
  release(items: PromptRef[]): number {
    return this.ledgerState.release(items);
  }

  /** An actor died or left: its running prompts are pending again (not journaled, as produced). */
  releaseActor(actorId: string): number {
    return this.ledgerState.releaseActor(actorId);
  }

  setPhase(phase: Phase): void {
    this.phaseNow = phase;
    this.append({ t: 'phase', phase }, true);
  }

  /** Writes the snapshot atomically and empties the journal. A failed write names the file; the old snapshot and journal stay whole. */
  compact(): void {
    const file: SnapshotFile = { format: 1, config: this.config, lastN: this.lastN, phase: this.phaseNow, ledger: this.ledgerState.snapshot() };
    const tmp = join(this.dir, `${SNAPSHOT_FILE}.tmp`);
    try {
      const fd = openSync(tmp, 'w');
      try {
        writeSync(fd, JSON.stringify(file));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      try { rmSync(tmp, { force: true }); } catch { /* the next compaction overwrites it */ }
      throw writeError(join(this.dir, SNAPSHOT_FILE), e);
    }
    renameSync(tmp, join(this.dir, SNAPSHOT_FILE));
    const dirFd = openSync(this.dir, 'r');
    try { fsyncSync(dirFd); } finally { closeSync(dirFd); }
    // A crash before this truncate is harmless: records up to lastN are skipped on replay.
    if (this.fd >= 0) ftruncateSync(this.fd, 0);
    else if (existsSync(join(this.dir, JOURNAL_FILE))) {
      const jfd = openSync(join(this.dir, JOURNAL_FILE), 'r+');
      try { ftruncateSync(jfd, 0); fsyncSync(jfd); } finally { closeSync(jfd); }
    }
    this.sinceCompact = 0;
  }

  /** Compacts and closes the journal; the store is unusable afterwards. */
  close(): void {
    if (this.fd < 0) return;
    try {
      this.compact();
    } finally {
      closeSync(this.fd);
      this.fd = -1;
    }
  }

  private append(body: RecordBody, sync: boolean): void {
    if (this.fd < 0) throw new TribunalError('UNAVAILABLE', 'scheduler store is closed');
    if (this.writeFailed) throw new TribunalError('UNAVAILABLE', `scheduler journal: ${this.writeFailed}`);
    const record = { n: ++this.lastN, ...body };
    const before = fstatSync(this.fd).size;
    try {
      // One write per record, so a kill leaves at most the last line torn; a short write (a nearly full disk) is a failure.
      const line = `${JSON.stringify(record)}\n`;
      const written = writeSync(this.fd, line);
      if (written !== Buffer.byteLength(line)) throw Object.assign(new Error(`short write (${written} of ${Buffer.byteLength(line)} bytes)`), { code: 'ENOSPC' });
      if (sync) fsyncSync(this.fd);
    } catch (e) {
      // A part-written record must not be followed by whole ones (replay would call the journal corrupt).
      try { ftruncateSync(this.fd, before); } catch { /* replay drops a torn last line */ }
      this.fail(join(this.dir, JOURNAL_FILE), e);
    }
    if (++this.sinceCompact >= this.compactEvery) {
      try {
        this.compact();
      } catch (e) {
        this.fail(join(this.dir, SNAPSHOT_FILE), e);
      }
    }
  }

  private writeFailed: string | null = null;

  /** A write failed: no more are tried, and the owner is told (the process restarts from disk). */
  private fail(path: string, e: unknown): never {
    this.writeFailed = writeErrorLine(path, e);
    this.log('error', 'scheduler state could not be written', { reason: this.writeFailed });
    this.onWriteFailure?.(this.writeFailed);
    throw new TribunalError('UNAVAILABLE', `scheduler journal: ${this.writeFailed}`, { cause: e });
  }

  private readSnapshot(): SnapshotFile | null {
    const path = join(this.dir, SNAPSHOT_FILE);
    if (!existsSync(path)) return null;
    let snap: SnapshotFile;
    try {
      snap = JSON.parse(readFileSync(path, 'utf8')) as SnapshotFile;
    } catch (e) {
      throw new TribunalError('BAD_CONFIG', `scheduler state ${path} is unreadable`, { cause: e });
    }
    const have = snap.config;
    const want = this.config;
    if (snap.format !== 1 || !have || have.totalPrompts !== want.totalPrompts || have.batchSize !== want.batchSize || have.datasetSize !== want.datasetSize) {
      throw new TribunalError('BAD_CONFIG',
        `stateDir ${this.dir} holds a run with totalPrompts=${have?.totalPrompts} batchSize=${have?.batchSize} datasetSize=${have?.datasetSize}; ` +
        `this run has totalPrompts=${want.totalPrompts} batchSize=${want.batchSize} datasetSize=${want.datasetSize}: use another stateDir`);
    }
    return snap;
  }

  /** Applies journal records newer than the snapshot; returns how many. */
  private replayJournal(haveSnapshot: boolean): number {
    const path = join(this.dir, JOURNAL_FILE);
    if (!existsSync(path)) return 0;
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
    if (lines.length && !haveSnapshot) {
      throw new TribunalError('BAD_CONFIG', `stateDir ${this.dir} has a journal but no ${SNAPSHOT_FILE}: it is not a scheduler state dir this version wrote`);
    }
    let applied = 0;
    for (let i = 0; i < lines.length; i++) {
      let rec: JournalRecord;
      try {
        rec = JSON.parse(lines[i]) as JournalRecord;
      } catch (e) {
        if (i === lines.length - 1) { this.log('warn', 'dropping torn last journal line', { stateDir: this.dir }); break; }
        throw new TribunalError('INTERNAL', `journal ${path} line ${i + 1} is corrupt`, { cause: e });
      }
      if (rec.n <= this.lastN) continue;
      this.apply(rec);
      this.lastN = rec.n;
      applied++;
    }
    return applied;
  }

  private apply(rec: JournalRecord): void {
    const refs = (items: [number, number][]) => items.map(([seq, attempt]) => ({ promptId: String(seq), attempt }));
    switch (rec.t) {
      case 'grant': for (const [seq, attempt] of rec.items) this.ledgerState.noteIssued(String(seq), attempt); break;
      case 'commit': this.ledgerState.commit(refs(rec.items), rec.version); break;
      case 'restore': this.ledgerState.restore(rec.version); break;
      case 'phase': this.phaseNow = rec.phase; break;
    }
  }
}
