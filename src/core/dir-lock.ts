// A lock between processes on one machine: mkdir is atomic, the lock dir holds
// its owner's pid, and a lock whose owner died is taken over. What it guards is the caller's.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TribunalError } from './errors.ts';
import type { Logger } from './logger.ts';
import { sleep } from './sleep.ts';

export interface LockOwner {
  pid: number;
  host: string;
  sinceMs: number;
}

export interface DirLockOptions {
  log: Logger;
  /** What the lock guards, for log lines and errors ("the trainer's Python environment"). */
  what: string;
  signal?: AbortSignal;
  /** @default 20 min */
  timeoutMs?: number;
  /** @default 500 */
  pollMs?: number;
}

/**
 * Holders in this process of each lock dir, from acquiring to the end of releasing: a lock
 * naming our own pid that is not here is a dead namesake's. A count, not a set: one holder's
 * release can still be finishing when the next holder here has taken the dir, and a set
 * would forget the new holder when the old one leaves (another waiter here then took the
 * live lock over as stale, and two holders ran at once).
 */
const HELD = new Map<string, number>();

/** A lock dir without an owner file younger than this is being created, not abandoned. */
const UNOWNED_GRACE_MS = 60_000;

/**
 * Whether a held lock is abandoned: its owner (on this host) is gone, or it never got an
 * owner file and is old. An owner on another host cannot be checked and counts as alive.
 */
export function lockIsStale(owner: LockOwner | null, ageMs: number, host: string, alive: (pid: number) => boolean): boolean {
  if (!owner) return ageMs > UNOWNED_GRACE_MS;
  return owner.host === host && !alive(owner.pid);
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(lockDir: string): Promise<LockOwner | null> {
  try {
    const o = JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8')) as LockOwner;
    return Number.isInteger(o.pid) ? o : null;
  } catch {
    return null;
  }
}

async function tryAcquire(lockDir: string): Promise<boolean> {
  try {
    await mkdir(lockDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  HELD.set(lockDir, (HELD.get(lockDir) ?? 0) + 1);
  const owner: LockOwner = { pid: process.pid, host: hostname(), sinceMs: Date.now() };
  try {
    await writeFile(join(lockDir, 'owner.json'), JSON.stringify(owner));
  } catch (e) {
    // The dir went away under us (a holder's release still finishing its rm): not ours; try again.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      forget(lockDir);
      return false;
    }
    await release(lockDir);
    throw e;
  }
  return true;
}

async function release(lockDir: string): Promise<void> {
  await rm(lockDir, { recursive: true, force: true });
  forget(lockDir);
}

/** One holder here fewer. */
function forget(lockDir: string): void {
  const n = (HELD.get(lockDir) ?? 1) - 1;
  if (n > 0) HELD.set(lockDir, n);
  else HELD.delete(lockDir);
}

/** Moves an abandoned lock aside (rename is atomic: one taker wins) and deletes it. */
async function takeOver(lockDir: string, seen: LockOwner | null, log: Logger): Promise<void> {
  const aside = `${lockDir}.stale-${process.pid}-${Date.now()}`;
  try {
    await rename(lockDir, aside);
  } catch {
    return; // someone else took it over first
  }
  const moved = await readOwner(aside);
  if (moved && (!seen || moved.pid !== seen.pid || moved.sinceMs !== seen.sinceMs)) {
    // It changed hands between our look and the rename: give it back.
    await rename(aside, lockDir).catch(() => log.warn('a lock taken over by mistake could not be put back', { lockDir, owner: moved }));
    return;
  }
  log.warn('took over an abandoned lock', { lockDir, owner: seen });
  await rm(aside, { recursive: true, force: true });
}

/** Runs fn holding lockDir (its parent must exist); waits, polling, while another process holds it. */
export async function withDirLock<T>(lockDir: string, opts: DirLockOptions, fn: () => Promise<T>): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 20 * 60_000;
  const start = Date.now();
  let announced = false;
  while (!(await tryAcquire(lockDir))) {
    if (opts.signal?.aborted) throw new TribunalError('INTERNAL', `interrupted while waiting for ${opts.what}`);
    const owner = await readOwner(lockDir);
    const ageMs = Date.now() - (await stat(lockDir).then((s) => s.mtimeMs, () => Date.now()));
    const alive = (pid: number) => (pid === process.pid ? HELD.has(lockDir) : pidAlive(pid));
    if (lockIsStale(owner, ageMs, hostname(), alive)) {
      await takeOver(lockDir, owner, opts.log);
      continue;
    }
    if (Date.now() - start > timeoutMs) {
      throw new TribunalError('TIMEOUT', `gave up after ${timeoutMs >= 60_000 ? `${Math.round(timeoutMs / 60_000)} min` : `${Math.round(timeoutMs / 1000)} s`} waiting for ${opts.what}: ${owner ? `pid ${owner.pid} on ${owner.host}` : 'another process'} holds ${lockDir}; if nothing is working on it, delete that directory and retry`);
    }
    if (!announced) {
      opts.log.info(`waiting for another process to finish ${opts.what}`, { lockDir, pid: owner?.pid });
      announced = true;
    }
    await sleep(opts.pollMs ?? 500, opts.signal);
  }
  try {
    return await fn();
  } finally {
    await release(lockDir);
  }
}
