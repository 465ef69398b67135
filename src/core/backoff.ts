// Retry delays: one formula for the runtime's retry loops (scheduler client,
// NATS connect, OpenAI endpoints, redelivery delays of failed work items):
// exponential from baseMs up to maxMs, jittered so many actors retrying
// together spread out. What to retry, and how often, is the caller's policy.

export interface BackoffOptions {
  /** Delay scale of the first retry. @default 100 */
  baseMs?: number;
  /** Ceiling on any one delay. @default 5000 */
  maxMs?: number;
  /**
   * 'equal': half fixed, half random (never retries at once);
   * 'full': anywhere in [0, ceiling) (spreads the most);
   * 'none': the ceiling itself (a redelivery delay the server applies). @default 'equal'
   */
  jitter?: 'equal' | 'full' | 'none';
}

/** Delay in ms before retry number `retry` (0-based); `random` returns [0, 1). */
export function backoffMs(retry: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const baseMs = opts.baseMs ?? 100;
  const maxMs = opts.maxMs ?? 5000;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(retry, 30));
  if (opts.jitter === 'none') return ceiling;
  if (opts.jitter === 'full') return Math.floor(random() * ceiling);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
