// Retry delays for calls to an unreachable scheduler: exponential with "equal
// jitter" (half fixed, half random) so many actors restarting together spread out.

export interface BackoffOptions {
  /** Delay scale of the first retry. @default 100 */
  baseMs?: number;
  /** Ceiling on any one delay. @default 5000 */
  maxMs?: number;
}

/** Delay in ms before retry number `retry` (0-based); `random` returns [0, 1). */
export function backoffMs(retry: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const baseMs = opts.baseMs ?? 100;
  const maxMs = opts.maxMs ?? 5000;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(retry, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
