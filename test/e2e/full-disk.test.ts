// A full disk mid-run: the run dir (and the private nats-server's store) on a
// small tmpfs that is filled while the learner trains. Nothing crashes with a
// stack trace, the launcher comes back with an exit code, nothing
// half-written is taken for whole: once space is freed, --resume finishes the
// run with every prompt's effect exactly once. Needs root to mount a tmpfs;
// skipped, saying so, where it cannot.
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { launchRun } from '../../src/launcher/launch.ts';
import { learnerStep } from '../../src/launcher/learner-step.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { trainedCounts } from '../helpers/run-dir.ts';
import { trivialConfig } from '../helpers/trivial-run.ts';

const mountPoint = mkdtempSync(join(tmpdir(), 'tribunal-fulldisk-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint], { stdio: 'ignore' }).status === 0;
afterAll(() => {
  if (mounted) spawnSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  rmSync(mountPoint, { recursive: true, force: true });
});
if (!mounted) console.warn(`full-disk test skipped: cannot mount a tmpfs at ${mountPoint} (needs root and mount permission)`);

const DISK_FULL = /cannot write \/\S+: ENOSPC \(the disk is full\)/;

/** The promise's value, or a failure saying what did not finish after ms. */
function within<T>(ms: number, what: () => string, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(what())), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Writes zeros until the file system is full; returns the filler's path. */
function fillDisk(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    try { for (;;) writeSync(fd, chunk, 0, 4096); } catch { /* the last few pages */ }
  } finally {
    closeSync(fd);
  }
  return path;
}

describe.skipIf(!mounted)('full disk', () => {
  it('full disk - filled mid-run: no stack trace, an exit code, and --resume finishes exactly once once space is back', async () => {
    const dir = join(mountPoint, 'run');
    const steps = 10;
    const cfgDir = mkdtempSync(join(tmpdir(), 'tribunal-fulldisk-cfg-'));
    const cfg = loadConfig(trivialConfig(cfgDir, {
      run: { id: 'full', dir, steps, seed: 4 },
      rl: { eta: 1, promptsPerStep: 4, groupSize: 4, maxNewTokens: 6, checkpointEvery: 1, lr: 0.5 },
      engines: { policy: { backend: 'trivial', sampleDelayMs: 40, trainDelayMs: 60 }, judge: { backend: 'trivial' }, gold: { backend: 'trivial' } },
    }));
    const lines: string[] = [];
    let filler: string | null = null;
    const stop = new AbortController();
    const first = await within(100_000, () => `the first run did not come back; its last lines:\n${lines.slice(-25).join('\n')}`, launchRun({
      cfg, actorLoops: ACTOR_LOOPS, log: NoopLogger, signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'line' && e.line) lines.push(`${e.name}: ${e.line}`);
        // Once a process says the disk is full (or 30 s on), a person would stop the run and free space.
        if (filler !== null && e.type === 'line' && DISK_FULL.test(e.line ?? '')) setTimeout(() => stop.abort(), 1000);
        if (filler === null && (learnerStep(e)?.step ?? 0) >= 3) {
          filler = fillDisk(mountPoint);
          setTimeout(() => stop.abort(), 30_000);
        }
      },
    }));
    expect(filler).not.toBeNull();
    // The launcher came back with a code that means something: interrupted, failed or unreachable.
    expect([1, 3, 130]).toContain(first.exitCode);
    expect(lines.filter((l) => /^\S+: \s+at /.test(l)), 'no stack traces').toEqual([]);
    expect(lines.some((l) => DISK_FULL.test(l)), `a line names the path and says the disk is full; last lines:\n${lines.slice(-8).join('\n')}`).toBe(true);

    rmSync(filler!);
    const again: string[] = [];
    const giveUp = AbortSignal.timeout(150_000);
    const second = await launchRun({ cfg, actorLoops: ACTOR_LOOPS, log: NoopLogger, resume: true, signal: giveUp, onEvent: (e) => { if (e.type === 'line' && e.line) again.push(`${e.name}: ${e.line}`); } });
    expect(second.exitCode, `the resumed run; its last lines:\n${again.filter((l) => !l.includes('"level":"debug"')).slice(-25).join('\n')}`).toBe(0);
    const counts = trainedCounts(dir);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: steps * 4 }, (_, i) => i));
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    rmSync(cfgDir, { recursive: true, force: true });
  }, 240_000);
});
