// One trainer service (trainer/, a Python process holding one model) as the
// torch backend sees it: started as a child process of this actor (stopped
// with it; `torchrun` with FSDP2 when gpus > 1), or reached at a configured
// address (a sidecar). Every call races the child's death and a deadline, so
// a dead or hung service is said, never waited on. What to do then (restart
// and reload, or exit so the learner resumes from its checkpoint) is the
// caller's choice.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../../core/logger.ts';
import { isTribunalError, TribunalError } from '../../core/errors.ts';
import { sleep } from '../../core/sleep.ts';
import { TrainerServiceClient, type TrainerVerb, type TrainerVerbs } from './client.ts';
import type { TrainerPython } from '../../pyenv/python-env.ts';
import type { ServiceThreads } from '../../config/torch-threads.ts';

export interface TorchServiceOptions {
  /** Connect here instead of starting a child (a sidecar). */
  address?: string;
  python: TrainerPython;
  /** Processes under torchrun (FSDP2); 1: a plain process. */
  gpus: number;
  /** The child's share of the cores (0: torch's default). */
  threads: ServiceThreads;
  startTimeoutMs: number;
  callTimeoutMs: number;
  log: Logger;
}

/** stderr lines kept to explain a death. */
const TAIL_LINES = 20;
/** How long a dropped connection waits for the child's exit to be seen. */
const EXIT_GRACE_MS = 2_000;

export class TorchService {
  private exitReason: string | null = null;
  private readonly died: Promise<never>;
  private readonly tail: string[] = [];

  private constructor(
    readonly client: TrainerServiceClient,
    private readonly child: ChildProcess | null,
    private readonly opts: TorchServiceOptions,
    died: Promise<never>,
  ) {
    this.died = died;
    this.died.catch(() => {}); // observed by calls; never an unhandled rejection
  }

  static async start(opts: TorchServiceOptions): Promise<TorchService> {
    if (opts.address) {
      const client = new TrainerServiceClient(opts.address);
      await client.waitReady(opts.startTimeoutMs);
      return new TorchService(client, null, opts, new Promise<never>(() => {}));
    }
    const { threads, interopThreads } = opts.threads;
    const serve = ['-m', 'tribunal_trainer', 'serve', '--address', '127.0.0.1:0', '--threads', String(threads), '--interop-threads', String(interopThreads)];
    const args = opts.gpus > 1 ? ['-m', 'torch.distributed.run', '--standalone', `--nproc-per-node=${opts.gpus}`, ...serve] : serve;
    // OpenMP and MKL pools sized like torch's, or they start one thread per core of their own.
    const poolEnv = threads > 0 ? { OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) } : {};
    // stdin stays a pipe: the service exits when it closes (this process died), whatever killed us.
    const child = spawn(opts.python.python, args, {
      env: { ...process.env, ...opts.python.env, ...poolEnv, TRIBUNAL_PARENT_PID: String(process.pid) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    let onExit: (why: string) => void = () => {};
    const died = new Promise<never>((_, reject) => {
      onExit = (why) => reject(new TribunalError('UNAVAILABLE', `trainer service ${why}${tail.length ? `; last lines: ${tail.slice(-3).join(' | ')}` : ''}`));
    });
    child.once('exit', (code, signal) => onExit(signal ? `killed by ${signal}` : `exited with code ${code}`));
    child.once('error', (e) => onExit(`could not start ${opts.python.python}: ${e.message}`));
    createInterface({ input: child.stderr! }).on('line', (line) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      forwardLog(opts.log, line);
    });
    let got = { threads: 0, interop_threads: 0 };
    const listening = new Promise<string>((resolve) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        try {
          const m = JSON.parse(line) as { event?: string; address?: string; threads?: number; interop_threads?: number };
          if (m.event === 'listening' && m.address) {
            got = { threads: m.threads ?? 0, interop_threads: m.interop_threads ?? 0 };
            resolve(m.address);
          }
        } catch { /* not the listening line */ }
      });
    });
    died.catch(() => {});
    const address = await raceTimeout(Promise.race([listening, died]), opts.startTimeoutMs, 'the trainer service did not start listening').catch((e) => {
      child.kill('SIGKILL');
      throw e;
    });
    const client = new TrainerServiceClient(address);
    const svc = new TorchService(client, child, opts, died);
    svc.tail.push(...tail);
    died.catch((e: Error) => { svc.exitReason = e.message; });
    opts.log.info('trainer service started', { address, pid: child.pid, gpus: opts.gpus, threads: got.threads, interopThreads: got.interop_threads, threadsFrom: opts.threads.source });
    return svc;
  }

  /** The child's pid (undefined for a sidecar). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Why the child is gone; null while it lives (or for a sidecar). */
  get deadReason(): string | null {
    return this.exitReason;
  }

  /** One verb; UNAVAILABLE the moment the child dies, TIMEOUT past the call timeout. */
  async call<V extends TrainerVerb>(verb: V, req: TrainerVerbs[V][0], timeoutMs = this.opts.callTimeoutMs): Promise<TrainerVerbs[V][1]> {
    if (this.exitReason) throw new TribunalError('UNAVAILABLE', this.exitReason);
    try {
      return await Promise.race([this.client.call(verb, req, timeoutMs), this.died]);
    } catch (e) {
      // The connection often drops a moment before the exit is seen: wait for it, to say why.
      if (this.child && isTribunalError(e, 'UNAVAILABLE') && !this.exitReason) await Promise.race([this.died.catch(() => {}), sleep(EXIT_GRACE_MS)]);
      if (this.exitReason) throw new TribunalError('UNAVAILABLE', this.exitReason, { cause: e });
      throw e;
    }
  }

  /** Stops the child (SIGTERM, then SIGKILL after graceMs); a sidecar is only disconnected. */
  async stop(graceMs = 10_000): Promise<void> {
    this.client.close();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(t);
  }

  /** Kills the child at once (a hung service). */
  kill(): void {
    this.child?.kill('SIGKILL');
  }
}

/** The service logs JSON lines on stderr: passed on at debug level (warnings and errors as warnings). */
function forwardLog(log: Logger, line: string): void {
  try {
    const rec = JSON.parse(line) as Record<string, unknown>;
    const level = rec.level === 'error' || rec.level === 'warning' || rec.level === 'warn' ? 'warn' : 'debug';
    log[level](`trainer service: ${String(rec.event ?? rec.msg ?? 'log')}`, rec);
  } catch {
    log.debug('trainer service', { line });
  }
}

function raceTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => { t = setTimeout(() => reject(new TribunalError('TIMEOUT', `${what} within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(t));
}
