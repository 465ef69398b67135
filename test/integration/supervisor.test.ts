// The launcher's supervisor: restart budgets are a rate (maxRestarts within
// restartWindowMs), so spaced deaths of a healthy child never end a run while
// a crash loop still does; a log file on a full disk is reported in one line
// and the child's output keeps flowing to the console.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor, type ChildEvent } from '../../src/launcher/supervisor.ts';

const dirs: string[] = [];
afterEach(() => { while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true }); });
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'tribunal-sup-')); dirs.push(d); return d; };
const crasher = (name: string, code = 1) => ({ name, command: process.execPath, args: ['-e', `console.log('up'); process.exit(${code})`], env: process.env, restart: true, fatalCodes: [2] });

function until(events: ChildEvent[], pred: (e: ChildEvent) => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (events.some(pred)) return resolve();
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`timed out; events: ${events.map((e) => e.type).join(',')}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('supervisor', () => {
  it('supervisor - a crash loop uses up maxRestarts within the window and gives up', async () => {
    const events: ChildEvent[] = [];
    const sup = new Supervisor({ logDir: tmp(), maxRestarts: 3, restartWindowMs: 60_000, onEvent: (e) => events.push(e) });
    sup.start(crasher('c'));
    await until(events, (e) => e.type === 'gave-up');
    expect(events.filter((e) => e.type === 'restarting')).toHaveLength(3);
    await sup.stopAll(1000);
  });

  it('supervisor - deaths spaced wider than the window never use up the budget', async () => {
    const events: ChildEvent[] = [];
    let clock = 0;
    // Each death is an hour after the last, as spaced kills of a healthy child are.
    const sup = new Supervisor({ logDir: tmp(), maxRestarts: 2, restartWindowMs: 60_000, now: () => (clock += 3_600_000), onEvent: (e) => events.push(e) });
    sup.start(crasher('c'));
    await until(events, (e) => events.filter((x) => x.type === 'restarting').length >= 5);
    expect(events.some((e) => e.type === 'gave-up')).toBe(false);
    await sup.stopAll(1000);
  });

  it.skipIf(!existsSync('/dev/full'))('supervisor - a log file on a full disk is reported once; the child still runs and its lines still arrive', async () => {
    const logDir = tmp();
    symlinkSync('/dev/full', join(logDir, 'c.log'));
    const events: ChildEvent[] = [];
    const sup = new Supervisor({ logDir, onEvent: (e) => events.push(e) });
    sup.start({ ...crasher('c', 0), args: ['-e', "for (let i = 0; i < 200; i++) console.log('line ' + i)"] });
    await until(events, (e) => e.type === 'exited');
    await new Promise((r) => setTimeout(r, 100));
    const reports = events.filter((e) => e.type === 'line' && /cannot write .*c\.log: ENOSPC \(the disk is full\)/.test(e.line!));
    expect(reports).toHaveLength(1);
    expect(events.filter((e) => e.type === 'line' && e.line!.startsWith('line '))).toHaveLength(200);
    expect(events.find((e) => e.type === 'exited')!.code).toBe(0);
    await sup.stopAll(1000);
  });
});
