// Keeps child processes alive: spawns each, restarts one that dies (with
// backoff, up to a limit) while the run goes on, and stops them all with
// SIGTERM, then SIGKILL after a grace period. Knows nothing of Tribunal roles.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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

interface Running { spec: ChildSpec; proc: ChildProcess; restarts: number; log: WriteStream; exited: Promise<void> }

export class Supervisor {
  private readonly children = new Map<string, Running>();
  private stopping = false;

  constructor(private readonly opts: { logDir: string; maxRestarts?: number; onEvent: (e: ChildEvent) => void }) {
    mkdirSync(opts.logDir, { recursive: true });
  }

  start(spec: ChildSpec, restarts = 0): void {
    const log = this.children.get(spec.name)?.log ?? createWriteStream(join(this.opts.logDir, `${spec.name}.log`), { flags: 'a' });
    const proc = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [proc.stdout!, proc.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        log.write(line + '\n');
        this.opts.onEvent({ type: 'line', name: spec.name, line });
      });
    }
    const exited = new Promise<void>((resolve) => proc.once('exit', (code, signal) => {
      this.opts.onEvent({ type: 'exited', name: spec.name, pid: proc.pid, code, signal });
      resolve();
      this.afterExit(spec, restarts, code, signal);
    }));
    this.children.set(spec.name, { spec, proc, restarts, log, exited });
    this.opts.onEvent({ type: 'started', name: spec.name, pid: proc.pid });
  }

  private afterExit(spec: ChildSpec, restarts: number, code: number | null, signal: string | null): void {
    if (this.stopping || !spec.restart || code === 0) return;
    if ((code !== null && spec.fatalCodes?.includes(code)) || restarts >= (this.opts.maxRestarts ?? 20)) {
      this.opts.onEvent({ type: 'gave-up', name: spec.name, code, signal });
      return;
    }
    const delayMs = Math.min(5_000, 200 * 2 ** restarts);
    this.opts.onEvent({ type: 'restarting', name: spec.name, code, signal });
    // The spec as it is now: setEnv may have changed it since this incarnation started.
    setTimeout(() => { if (!this.stopping) this.start(this.children.get(spec.name)?.spec ?? spec, restarts + 1); }, delayMs);
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
