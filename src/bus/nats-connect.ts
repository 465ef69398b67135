// Connecting to NATS while the server may not be up yet: retries with
// exponential backoff and jitter, one line per retry, then gives up with
// UNAVAILABLE. What to do with the connection is NatsBus's job.
import { connect, type NatsConnection } from 'nats';
import { TribunalError, oneLine } from '../errors.ts';

export interface NatsConnectOptions {
  url: string;
  /** Connection name shown by the server (e.g. the actor id). */
  name?: string;
  /** Per attempt. @default 5000 */
  connectTimeoutMs?: number;
  /** Stop retrying this long after the first attempt. @default 60000 */
  giveUpMs?: number;
  /** First retry delay; doubles per attempt. @default 200 */
  initialDelayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
  /** Told before each retry. @default one line on stderr */
  onRetry?: (attempt: number, delayMs: number, err: unknown) => void;
}

/** Backoff before retry `attempt` (1-based): half fixed, half random, so restarted fleets spread out. */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const capMs = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(capMs / 2 + random() * (capMs / 2));
}

export function retryLine(url: string, attempt: number, delayMs: number, err: unknown): string {
  return `tribunal: nats at ${url} unreachable (${oneLine(err)}); retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s`;
}

function isPermanent(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return /AUTH|PERMISSION|INVALID_OPTION|BAD_CREDS|TLS/.test(code);
}

export async function connectWithRetry(opts: NatsConnectOptions): Promise<NatsConnection> {
  const giveUpMs = opts.giveUpMs ?? 60_000;
  const onRetry = opts.onRetry ?? ((a, d, e) => process.stderr.write(retryLine(opts.url, a, d, e) + '\n'));
  const startMs = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect({
        servers: opts.url,
        name: opts.name,
        timeout: opts.connectTimeoutMs ?? 5000,
        // Once connected, ride out server restarts rather than dying.
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1000,
        waitOnFirstConnect: false,
        // nats.js otherwise builds an Error per request for async stack traces:
        // ~20% of the CPU of an actor call, for stacks we replace with TribunalError.
        noAsyncTraces: true,
      });
    } catch (e) {
      if (isPermanent(e)) throw new TribunalError('BAD_CONFIG', `nats at ${opts.url} refused us: ${oneLine(e)}`, { cause: e });
      const elapsedMs = Date.now() - startMs;
      const leftMs = giveUpMs - elapsedMs;
      if (leftMs <= 0) {
        throw new TribunalError(
          'UNAVAILABLE',
          `nats at ${opts.url} unreachable after ${attempt} attempts over ${(elapsedMs / 1000).toFixed(1)} s: ${oneLine(e)}`,
          { cause: e },
        );
      }
      const delayMs = Math.min(backoffDelayMs(attempt, opts.initialDelayMs ?? 200, opts.maxDelayMs ?? 5000), leftMs);
      onRetry(attempt, delayMs, e);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
