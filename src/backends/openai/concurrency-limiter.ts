// Bounds the requests in flight to one endpoint: a FIFO semaphore. It knows
// nothing of HTTP; the endpoint wraps each attempt (not each call) in run().

export class ConcurrencyLimiter {
  readonly maxInFlight: number;
  private inFlightNow = 0;
  /** Waiters in arrival order; each is resolved with a slot already taken. */
  private readonly waiting: (() => void)[] = [];
  private peak = 0;

  constructor(maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${maxInFlight}`);
    this.maxInFlight = maxInFlight;
  }

  get inFlight(): number {
    return this.inFlightNow;
  }

  /** Most slots ever held at once (for tests and metrics). */
  get peakInFlight(): number {
    return this.peak;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlightNow < this.maxInFlight) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => { this.take(); resolve(); }));
  }

  private take(): void {
    this.inFlightNow++;
    if (this.inFlightNow > this.peak) this.peak = this.inFlightNow;
  }

  private release(): void {
    this.inFlightNow--;
    // Hand the freed slot straight to the oldest waiter (no barging).
    this.waiting.shift()?.();
  }
}
