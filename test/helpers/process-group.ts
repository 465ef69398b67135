// Runs the real `tribunal` binary as the leader of its own process group, so a
// test can SIGKILL it together with every child it started (scheduler, actors,
// nats-server): what a power cut or `kill -9 -<pgid>` does to a local run.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/tribunal');

export interface GroupRun {
  /** Pid of the launcher, which is also the process group id. */
  pid: number;
  proc: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCliGroup(args: string[]): GroupRun {
  const proc = spawn(process.execPath, [BIN, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  proc.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return { pid: proc.pid!, proc, output: () => out, exited };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** SIGKILLs the whole group, then waits (up to timeoutMs) until no member is left. */
export async function killGroup(pgid: number, timeoutMs = 10_000): Promise<void> {
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) throw new Error(`process group ${pgid} still has members ${timeoutMs} ms after SIGKILL`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls `check` every intervalMs until it returns true or timeoutMs passes. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
