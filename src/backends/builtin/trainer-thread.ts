// The builtin trainer on a worker thread. Its steps are synchronous tfjs
// compute: run on the learner's own thread they block its event loop for the
// whole step, so no scored group is taken in, no ack or heartbeat goes out and
// no weights are sent while it trains. Here the BuiltinTrainer lives in a
// worker (trainer-thread-host.ts) and this proxy forwards each verb, so the
// learner's I/O goes on during a step. Calls run in order; an error comes back
// as the same TribunalError; a thread that dies fails every pending call.
import { Worker } from 'node:worker_threads';
import { TribunalError, isTribunalError, type TribunalErrorCode } from '../../core/errors.ts';
import type { ForwardBackwardResult, LossBatch, OptimStepResult, TextPair, TokenSequence, Trainer, WeightsExport } from '../../engines/types.ts';
import type { BuiltinTrainerOptions } from './trainer.ts';

/** What the host needs to build the trainer: its options and the weights to start from. */
export interface ThreadTrainerInit { options: BuiltinTrainerOptions; initialWeights: Uint8Array | null }

export type HostCall = { id: number; method: string; args: unknown[] };
export type HostReply =
  | { id: number; ok: true; value: unknown; version: number }
  | { id: number; ok: false; code: TribunalErrorCode | null; message: string };

const HOST = new URL('./trainer-thread-entry.mjs', import.meta.url);

export class ThreadTrainer implements Trainer {
  private versionNow = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private dead: TribunalError | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: HostReply) => this.settle(m));
    worker.on('error', (e) => this.fail(`the builtin trainer's thread failed: ${e.message}`));
    worker.on('exit', (code) => this.fail(`the builtin trainer's thread exited (code ${code})`));
  }

  static async start(init: ThreadTrainerInit): Promise<ThreadTrainer> {
    const t = new ThreadTrainer(new Worker(HOST, { workerData: init }));
    // The host answers call 0 once its trainer is built (or with why it could not be).
    const ready = await new Promise<{ version: number }>((resolve, reject) => t.pending.set(0, { resolve: resolve as (v: unknown) => void, reject }))
      .catch(async (e: unknown) => { await t.worker.terminate(); throw e; });
    t.versionNow = ready.version;
    return t;
  }

  get version(): number { return this.versionNow; }

  setVersion(version: number): void {
    this.versionNow = version;
    void this.call('setVersion', [version]).catch(() => {}); // a dead thread fails the next real call
  }

  encode(pairs: readonly TextPair[]): Promise<TokenSequence[]> { return this.call('encode', [pairs]); }
  logprobs(seqs: readonly TokenSequence[], opts?: { reference?: boolean }): Promise<Float32Array[]> { return this.call('logprobs', [seqs, opts]); }
  forwardBackward(batch: LossBatch): Promise<ForwardBackwardResult> { return this.call('forwardBackward', [batch]); }
  optimStep(): Promise<OptimStepResult> { return this.call('optimStep', []); }
  exportWeights(): Promise<WeightsExport> { return this.call('exportWeights', []); }
  save(dir: string): Promise<void> { return this.call('save', [dir]); }
  // Both set the version inside the thread: take it from the reply.
  importWeights(version: number, blob: Uint8Array): Promise<void> { return this.call('importWeights', [version, blob], true); }
  load(dir: string): Promise<void> { return this.call('load', [dir], true); }

  async close(): Promise<void> {
    if (this.dead) return;
    await this.call('close', []).catch(() => {});
    this.dead = new TribunalError('ENGINE', 'the builtin trainer is closed');
    await this.worker.terminate();
  }

  private call<T>(method: string, args: unknown[], takesVersion = false): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (v) => {
          const r = v as { value: T; version: number };
          if (takesVersion) this.versionNow = r.version;
          resolve(r.value);
        },
        reject,
      });
      this.worker.postMessage({ id, method, args } satisfies HostCall);
    });
  }

  private settle(m: HostReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.id === 0 ? { version: m.version } : { value: m.value, version: m.version });
    else p.reject(m.code ? new TribunalError(m.code, m.message) : new TribunalError('ENGINE', m.message));
  }

  private fail(message: string): void {
    if (this.dead) return;
    this.dead = new TribunalError('ENGINE', message);
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
  }
}

/** The reply for an error thrown in the host: a TribunalError keeps its code. */
export function errorReply(id: number, e: unknown): HostReply {
  return isTribunalError(e) ? { id, ok: false, code: e.code, message: e.message } : { id, ok: false, code: null, message: e instanceof Error ? e.message : String(e) };
}
