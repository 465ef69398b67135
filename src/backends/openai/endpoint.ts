// One OpenAI-compatible server as engines see it: the official client plus the
// robustness layer around each call (bounded in flight, per-attempt timeout,
// jittered retries honouring Retry-After, circuit breaker). What to send and
// how to read answers is left to the judge and sampler.
import OpenAI, { APIConnectionTimeoutError } from 'openai';
import { TribunalError, oneLine } from '../../core/errors.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { ConcurrencyLimiter } from './concurrency-limiter.ts';
import { backoffMs, classifyFailure, retryAfterMs } from './retry-policy.ts';
import type { UsageMeter } from './usage-meter.ts';

export interface EndpointOptions {
  baseUrl: string;
  apiKey: string;
  maxInFlight: number;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  circuitBreaker: { failures: number; cooldownMs: number };
}

/** Per-attempt options handed to the client call (the client itself never retries). */
export interface AttemptOptions {
  timeout: number;
  maxRetries: 0;
}

export class Endpoint {
  readonly client: OpenAI;
  readonly limiter: ConcurrencyLimiter;
  readonly breaker: CircuitBreaker;
  private readonly opts: EndpointOptions;
  private closed = false;
  private readonly sleeping = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  constructor(opts: EndpointOptions) {
    this.opts = opts;
    // Retries, timeouts and concurrency are ours: the client gets none of its own.
    this.client = new OpenAI({ baseURL: opts.baseUrl, apiKey: opts.apiKey, maxRetries: 0, timeout: opts.timeoutMs });
    this.limiter = new ConcurrencyLimiter(opts.maxInFlight);
    this.breaker = new CircuitBreaker(opts.circuitBreaker);
  }

  get baseUrl(): string {
    return this.opts.baseUrl;
  }

  /**
   * Runs `attempt` until it succeeds, a fatal error, the breaker opens, or
   * retries run out. Throws TribunalError: UNAVAILABLE (breaker open, or the
   * endpoint kept failing), TIMEOUT (the last attempt timed out), ENGINE
   * (a fatal 4xx or similar), each with the last error as cause.
   */
  async call<T>(what: string, attempt: (client: OpenAI, o: AttemptOptions) => Promise<T>, meter: UsageMeter): Promise<T> {
    meter.add('requests');
    for (let retry = 0; ; retry++) {
      if (this.closed) throw new TribunalError('UNAVAILABLE', `${what}: endpoint ${this.baseUrl} is closed`);
      if (!this.breaker.tryAcquire()) {
        meter.add('breakerRejections');
        meter.add('failures');
        throw new TribunalError('UNAVAILABLE', `${what}: circuit open for ${this.baseUrl} (retry in ${this.breaker.retryInMs} ms)`);
      }
      let err: unknown;
      try {
        const out = await this.limiter.run(() => attempt(this.client, { timeout: this.opts.timeoutMs, maxRetries: 0 }));
        this.breaker.onSuccess();
        return out;
      } catch (e) {
        err = e;
      }
      const kind = classifyFailure(err);
      // One request counts once toward opening a closed breaker, however often
      // it is retried: one request that always fails (a poison prompt) must not
      // open the breaker on the healthy ones. A failed probe re-opens it.
      if (kind === 'unhealthy' && (retry === 0 || this.breaker.state !== 'closed')) this.breaker.onFailure();
      else this.breaker.onNeutral();
      if (kind === 'fatal' || retry >= this.opts.maxRetries) {
        meter.add('failures');
        throw this.finalError(what, err, kind, retry + 1);
      }
      meter.add('retries');
      await this.sleep(backoffMs(retry, this.opts, retryAfterMs(err)));
    }
  }

  private finalError(what: string, err: unknown, kind: string, attempts: number): TribunalError {
    const where = `${what} at ${this.baseUrl}`;
    if (kind === 'fatal') return new TribunalError('ENGINE', `${where}: ${oneLine(err)}`, { cause: err });
    if (err instanceof APIConnectionTimeoutError) {
      return new TribunalError('TIMEOUT', `${where}: timed out after ${this.opts.timeoutMs} ms (${attempts} attempts)`, { cause: err });
    }
    return new TribunalError('UNAVAILABLE', `${where}: failed after ${attempts} attempts: ${oneLine(err)}`, { cause: err });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => { this.sleeping.delete(entry); resolve(); }, ms), resolve };
      this.sleeping.add(entry);
    });
  }

  /** Refuses new calls and wakes calls sleeping in backoff (they then fail). */
  close(): void {
    this.closed = true;
    for (const s of this.sleeping) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleeping.clear();
  }
}
