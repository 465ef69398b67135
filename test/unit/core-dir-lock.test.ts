import { describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lockIsStale, withDirLock } from '../../src/core/dir-lock.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { isTribunalError } from '../../src/core/errors.ts';

const opts = { log: NoopLogger, what: 'the test', pollMs: 20 };

async function withTemp(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tribunal-lock-'));
  try {
    await f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A pid that was just used and is gone. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('dir lock', () => {
  it('dir lock - stale only when its owner here is gone, or it never got an owner and is old', () => {
    const alive = (pid: number) => pid === 1;
    expect(lockIsStale({ pid: 1, host: 'h', sinceMs: 0 }, 1e9, 'h', alive)).toBe(false);
    expect(lockIsStale({ pid: 2, host: 'h', sinceMs: 0 }, 0, 'h', alive)).toBe(true);
    expect(lockIsStale({ pid: 2, host: 'other', sinceMs: 0 }, 1e9, 'h', alive)).toBe(false);
    expect(lockIsStale(null, 1_000, 'h', alive)).toBe(false);
    expect(lockIsStale(null, 120_000, 'h', alive)).toBe(true);
  });

  it('dir lock - holders run one at a time and the lock is gone after', () => withTemp(async (dir) => {
    const lock = join(dir, 'x.lock');
    const events: string[] = [];
    const hold = (name: string) => withDirLock(lock, opts, async () => {
      events.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 50));
      events.push(`${name} out`);
      return name;
    });
    expect(await Promise.all([hold('a'), hold('b'), hold('c')])).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < events.length; i += 2) expect(events[i].split(' ')[0]).toBe(events[i + 1].split(' ')[0]);
    expect(existsSync(lock)).toBe(false);
    await expect(withDirLock(lock, opts, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  }));

  it('dir lock - a dead owner\'s lock is taken over', () => withTemp(async (dir) => {
    const lock = join(dir, 'x.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner.json'), JSON.stringify({ pid: deadPid(), host: hostname(), sinceMs: 0 }));
    expect(await withDirLock(lock, opts, async () => 'got it')).toBe('got it');
  }));

  it('dir lock - a live owner is waited for, then given up on with the dir to delete', () => withTemp(async (dir) => {
    const lock = join(dir, 'x.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner.json'), JSON.stringify({ pid: process.ppid, host: hostname(), sinceMs: 0 }));
    const err = await withDirLock(lock, { ...opts, timeoutMs: 200 }, async () => 'no').catch((e: unknown) => e);
    expect(isTribunalError(err, 'TIMEOUT')).toBe(true);
    expect((err as Error).message).toMatch(new RegExp(`pid ${process.ppid} .*holds ${lock}; if nothing is working on it, delete that directory`));
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    await expect(withDirLock(lock, { ...opts, signal: stop.signal }, async () => 'no')).rejects.toThrow(/interrupted while waiting for the test/);
  }));

  it('dir lock - processes started together take turns', () => withTemp(async (dir) => {
    const lock = join(dir, 'x.lock');
    const log = join(dir, 'log');
    const mod = resolve(import.meta.dirname, '../../src/core/dir-lock.ts');
    const script = `import { appendFileSync } from 'node:fs';
      const { withDirLock } = await import(${JSON.stringify(mod)});
      const noop = { debug() {}, info() {}, warn() {}, error() {}, child() { return noop; } };
      await withDirLock(${JSON.stringify(lock)}, { log: noop, what: 'x', pollMs: 10 }, async () => {
        appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n');
        await new Promise((r) => setTimeout(r, 300));
        appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n');
      });`;
    const child = () => new Promise<void>((res, rej) => execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (e) => (e ? rej(e) : res())));
    await Promise.all([child(), child(), child()]);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    for (let i = 0; i < 6; i += 2) expect(lines[i].replace('in', 'out')).toBe(lines[i + 1]);
    expect(existsSync(lock)).toBe(false);
  }), 30_000);
});
