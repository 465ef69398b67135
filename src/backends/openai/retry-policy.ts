// Which endpoint errors are worth another attempt, and how long to wait first:
// full-jitter exponential backoff, with the server's Retry-After taking
// precedence. Pure functions; the endpoint runs the loop.
import { APIConnectionError, APIError } from 'openai';
import { backoffMs as jitteredBackoffMs } from '../../core/backoff.ts';

/** A 2xx answer that is not the shape the API promises (missing choices, not JSON). */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedResponse';
  }
}

export type FailureKind =
  /** 429: the server is alive and asks us to slow down; not a health failure. */
  | 'rate-limited'
  /** 5xx, connection refused/reset, timeout, unreadable body: retried, and counted by the breaker. */
  | 'unhealthy'
  /** Other 4xx and programming errors: retrying cannot help. */
  | 'fatal';

export function classifyFailure(e: unknown): FailureKind {
  if (e instanceof APIConnectionError) return 'unhealthy'; // includes APIConnectionTimeoutError
  if (e instanceof APIError) {
    const s = e.status;
    if (s === 429) return 'rate-limited';
    if (s === 408 || s === 409) return 'unhealthy';
    if (s !== undefined && s >= 500) return 'unhealthy';
    return 'fatal';
  }
  // A 200 whose JSON did not parse (SyntaxError from response.json()) or did not
  // match the expected shape: a proxy or server fault, so another try may work.
  if (e instanceof SyntaxError || e instanceof MalformedResponseError) return 'unhealthy';
  return 'fatal';
}

/** Retry-After (seconds or HTTP date) or retry-after-ms from an APIError, in ms; null when absent. */
export function retryAfterMs(e: unknown, nowMs = Date.now()): number | null {
  if (!(e instanceof APIError) || !e.headers) return null;
  const ms = e.headers.get('retry-after-ms');
  if (ms !== null && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const v = e.headers.get('retry-after');
  if (v === null) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.max(0, Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export interface BackoffOptions {
  retryBaseMs: number;
  retryMaxMs: number;
}

/**
 * Wait before retry number `retry` (0 for the first retry). Full jitter keeps
 * many clients that failed together from retrying together. A Retry-After
 * longer than retryMaxMs is still honoured, up to 60 s.
 */
export function backoffMs(retry: number, opts: BackoffOptions, serverHintMs: number | null, random = Math.random): number {
  if (serverHintMs !== null) return Math.min(serverHintMs, 60_000);
  return jitteredBackoffMs(retry, { baseMs: opts.retryBaseMs, maxMs: opts.retryMaxMs, jitter: 'full' }, random);
}
