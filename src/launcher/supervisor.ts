// Keeps child processes alive: spawns each, restarts one that dies (with
// backoff, up to maxRestarts within restartWindowMs: a rate, so a long run
// survives spaced deaths of a healthy child) while the run goes on, and stops
// them all with SIGTERM, then SIGKILL after a grace period. A log file that
// cannot be written (a full disk) is reported once and the child goes on.
// Knows nothing of Tribunal roles.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeErrorLine } from '../core/write-error.ts';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Restart when it exits with a non-zero code or a signal. */
  restart: boolean;
  /** Exit codes that mean "do not restart, the run cannot go on" (bad config). */
  fatalCodes?: number[];
}

export interface ChildEvent {
  type: 'started' | 'exited' | 'restarting' | 'gave-up' | 'line';
  name: string;
  pid?: number;
  code?: number | null;
  signal?: string | null;
  line?: string;
}

interface Running { spec: ChildSpec; proc: ChildProcess; restartsAt: number[]; log: ChildLog; exited: Promise<void> }

/** A child's log file; after a write error (ENOSPC) it says so once and drops lines, never throws. */
class ChildLog {
  private readonly stream: WriteStream;
  private broken = false;
  constructor(readonly path: string, onError: (message: string) => void) {
    // Only the run's user reads a child's log: it can hold what a child printed about its credentials.
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
    this.stream.on('error', (e: NodeJS.ErrnoException) => {
      if (this.broken) return;
      this.broken = true;
      onError(`${writeErrorLine(path, e)}; its lines go to the console only`);
    });
  }
  write(line: string): void {
    if (!this.broken && !this.stream.destroyed) this.stream.write(line);
  }
  end(): void {
    if (!this.stream.destroyed) this.stream.end();
  }
}

export class Supervisor {
  private readonly children = new Map<string, Running>();
  private stopping = false;
  private readonly maxRestarts: number;
  private readonly windowMs: number;

  constructor(private readonly opts: { logDir: string; maxRestarts?: number; restartWindowMs?: number; now?: () => number; onEvent: (e: ChildEvent) => void }) {
    mkdirSync(opts.logDir, { recursive: true });
    this.maxRestarts = opts.maxRestarts ?? 20;
    this.windowMs = opts.restartWindowMs ?? 10 * 60_000;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  start(spec: ChildSpec, restartsAt: number[] = []): void {
    const log = this.children.get(spec.name)?.log
      ?? new ChildLog(join(this.opts.logDir, `${spec.name}.log`), (message) => this.opts.onEvent({ type: 'line', name: spec.name, line: `tribunal supervisor: ${message}` }));
    const proc = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [proc.stdout!, proc.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        log.write(line + '\n');
        this.opts.onEvent({ type: 'line', name: spec.name, line });
      });
    }
    const exited = new Promise<void>((resolve) => {
      let done = false;
      const onExit = (code: number | null, signal: string | null) => {
        if (done) return;
        done = true;
        this.opts.onEvent({ type: 'exited', name: spec.name, pid: proc.pid, code, signal });
        resolve();
        this.afterExit(spec, restartsAt, code, signal);
      };
      proc.once('exit', onExit);
      // A child that cannot be spawned at all (EAGAIN, ENOENT) exits as a failure.
      proc.once('error', (e) => {
        this.opts.onEvent({ type: 'line', name: spec.name, line: `tribunal supervisor: cannot start ${spec.name}: ${e.message}` });
        onExit(127, null);
      });
    });
    this.children.set(spec.name, { spec, proc, restartsAt, log, exited });
    this.opts.onEvent({ type: 'started', name: spec.name, pid: proc.pid });
  }

  private afterExit(spec: ChildSpec, restartsAt: number[], code: number | null, signal: string | null): void {
    if (this.stopping || !spec.restart || code === 0) return;
    const now = this.now();
    const recent = restartsAt.filter((t) => now - t < this.windowMs);
    if ((code !== null && spec.fatalCodes?.includes(code)) || recent.length >= this.maxRestarts) {
      this.opts.onEvent({ type: 'gave-up', name: spec.name, code, signal });
      return;
    }
    const delayMs = Math.min(5_000, 200 * 2 ** recent.length);
    this.opts.onEvent({ type: 'restarting', name: spec.name, code, signal });
    // The spec as it is now: setEnv may have changed it since this incarnation started.
    setTimeout(() => { if (!this.stopping) this.start(this.children.get(spec.name)?.spec ?? spec, [...recent, now]); }, delayMs);
  }

  /** Env changes for the named child's next restarts (the running one keeps its own). */
  setEnv(name: string, env: NodeJS.ProcessEnv): void {
    const c = this.children.get(name);
    if (c) c.spec = { ...c.spec, env: { ...c.spec.env, ...env } };
  }

  pid(name: string): number | undefined {
    const c = this.children.get(name);
    return c && c.proc.exitCode === null && c.proc.signalCode === null ? c.proc.pid : undefined;
  }

  names(): string[] {
    return [...this.children.keys()];
  }

  /** Resolves when the named child exits (its current incarnation). */
  waitExit(name: string): Promise<void> {
    return this.children.get(name)?.exited ?? Promise.resolve();
  }

  async stopAll(graceMs = 10_000, names = this.names()): Promise<void> {
    this.stopping = true;
    await Promise.all(names.map(async (name) => {
      const c = this.children.get(name)!;
      if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
      c.proc.kill('SIGTERM');
      const timer = setTimeout(() => c.proc.kill('SIGKILL'), graceMs);
      await c.exited;
      clearTimeout(timer);
    }));
    for (const name of names) this.children.get(name)?.log.end();
  }
}
