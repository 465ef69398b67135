// Per-endpoint circuit breaker: closed -> open after N consecutive failures ->
// half-open after the cooldown (one probe) -> closed on success, open on failure.
// It only keeps state; the endpoint decides what counts as a failure.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  failures: number;
  /** Time open before one probe is let through. */
  cooldownMs: number;
  /** Injectable clock (ms) for tests. */
  now?: () => number;
}

export class CircuitBreaker {
  private readonly failuresToOpen: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  private consecutive = 0;
  private openedAtMs = 0;
  private stateNow: BreakerState = 'closed';
  private probeInFlight = false;
  /** Times the breaker went from closed or half-open to open. */
  opens = 0;

  constructor(opts: CircuitBreakerOptions) {
    this.failuresToOpen = opts.failures;
    this.cooldownMs = opts.cooldownMs;
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.stateNow === 'open' && this.now() - this.openedAtMs >= this.cooldownMs) this.stateNow = 'half-open';
    return this.stateNow;
  }

  /** Ms until an open breaker lets a probe through (0 when not open). */
  get retryInMs(): number {
    return this.state === 'open' ? Math.max(0, this.openedAtMs + this.cooldownMs - this.now()) : 0;
  }

  /**
   * May a request go out now? In half-open, exactly one probe is allowed
   * until it reports back; a caller that gets true must call onSuccess or onFailure.
   */
  tryAcquire(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'open' || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.consecutive = 0;
    this.probeInFlight = false;
    this.stateNow = 'closed';
  }

  onFailure(): void {
    this.consecutive++;
    const wasProbe = this.probeInFlight;
    this.probeInFlight = false;
    if (wasProbe || this.stateNow === 'half-open' || (this.stateNow === 'closed' && this.consecutive >= this.failuresToOpen)) {
      if (this.stateNow !== 'open') this.opens++;
      this.stateNow = 'open';
      this.openedAtMs = this.now();
    }
  }

  /** A request that finished without saying anything about health (e.g. a 400). */
  onNeutral(): void {
    this.probeInFlight = false;
  }
}
