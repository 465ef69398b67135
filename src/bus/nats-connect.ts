// Connecting to NATS while the server may not be up yet: retries with
// exponential backoff and jitter, one line per retry, then gives up with
// UNAVAILABLE. Authenticates with a .creds file when one is named (option or
// TRIBUNAL_NATS_CREDS). What to do with the connection is NatsBus's job.
import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, type Authenticator, type NatsConnection } from 'nats';
import { TribunalError, oneLine } from '../core/errors.ts';
import { backoffMs } from '../core/backoff.ts';

/** Env var naming a NATS .creds file (the Helm chart mounts one and sets it). */
export const NATS_CREDS_ENV = 'TRIBUNAL_NATS_CREDS';
/** Env vars naming PEM files for TLS to the server: the CA that signed its certificate, and a client cert and key for mutual TLS. */
export const NATS_TLS_ENV = { ca: 'TRIBUNAL_NATS_TLS_CA', cert: 'TRIBUNAL_NATS_TLS_CERT', key: 'TRIBUNAL_NATS_TLS_KEY' } as const;

/** nats.js TLS options from the environment; undefined (plaintext, or what a tls:// URL asks) when none is set. */
export function natsTlsOptions(env: NodeJS.ProcessEnv = process.env): { caFile?: string; certFile?: string; keyFile?: string } | undefined {
  const ca = env[NATS_TLS_ENV.ca] || undefined;
  const cert = env[NATS_TLS_ENV.cert] || undefined;
  const key = env[NATS_TLS_ENV.key] || undefined;
  if (!ca && !cert && !key) return undefined;
  if (Boolean(cert) !== Boolean(key)) throw new TribunalError('BAD_CONFIG', `nats TLS: ${NATS_TLS_ENV.cert} and ${NATS_TLS_ENV.key} go together`);
  return { ...(ca ? { caFile: ca } : {}), ...(cert ? { certFile: cert, keyFile: key } : {}) };
}

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
  /**
   * Path of a NATS .creds file (user JWT + nkey seed) to authenticate with.
   * @default process.env.TRIBUNAL_NATS_CREDS; none when unset or empty.
   * User and password can instead go in the URL (nats://user:pass@host:4222).
   */
  credsFile?: string;
}

/**
 * The authenticator for a .creds file, read once up front: a missing or
 * unreadable file, or one without the JWT and seed blocks, is BAD_CONFIG
 * naming the path (retrying cannot fix it).
 */
export function credsFileAuthenticator(path: string): Authenticator {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', `nats credentials ${path}: cannot read: ${oneLine(e)}`, { cause: e });
  }
  const auth = credsAuthenticator(new TextEncoder().encode(text));
  // nats.js parses the file only at connect; parse and sign once now so a bad
  // file fails here, by name, not as an auth error from the server.
  try {
    auth('tribunal-creds-check');
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', `nats credentials ${path}: not a usable .creds file (a user JWT block and an nkey seed block): ${oneLine(e)}`, { cause: e });
  }
  return auth;
}

export interface UrlAuth {
  /** The server URLs without credentials, as nats.js takes them. */
  servers: string[];
  user?: string;
  pass?: string;
  /** nats://TOKEN@host: a user part with no password is a token. */
  token?: string;
}

/**
 * Splits credentials out of a (comma-separated) NATS URL: nats.js ignores
 * userinfo in server URLs, so nats://user:pass@host would otherwise connect
 * anonymously. The first URL with credentials gives them for all.
 */
export function splitUrlAuth(url: string): UrlAuth {
  const out: UrlAuth = { servers: [] };
  for (const raw of url.split(',').map((u) => u.trim()).filter(Boolean)) {
    let u: URL;
    try {
      u = new URL(raw.includes('://') ? raw : `nats://${raw}`);
    } catch (e) {
      throw new TribunalError('BAD_CONFIG', `nats url ${redactUrl(raw)}: not a URL: ${oneLine(e)}`, { cause: e });
    }
    if (u.username && out.user === undefined && out.token === undefined) {
      if (u.password) {
        out.user = decodeURIComponent(u.username);
        out.pass = decodeURIComponent(u.password);
      } else {
        out.token = decodeURIComponent(u.username);
      }
    }
    out.servers.push(u.username ? raw.replace(/\/\/[^@/]*@/, '//') : raw);
  }
  return out;
}

function credsPath(opts: NatsConnectOptions): string | undefined {
  return opts.credsFile || process.env[NATS_CREDS_ENV] || undefined;
}

/** Backoff before retry `attempt` (1-based): half fixed, half random, so restarted fleets spread out. */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  return backoffMs(attempt - 1, { baseMs: initialMs, maxMs }, random);
}

/** The URL as logs may show it: a password (nats://user:pass@host) or a token (nats://TOKEN@host) becomes ***. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:@/\s,]*:)[^@/\s,]*@/g, '$1***@').replace(/\/\/[^:@/\s,]+@/g, '//***@');
}

export function retryLine(url: string, attempt: number, delayMs: number, err: unknown): string {
  return `tribunal: nats at ${redactUrl(url)} unreachable (${oneLine(err)}); retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s`;
}

function isPermanent(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return /AUTH|PERMISSION|INVALID_OPTION|BAD_CREDS|TLS/.test(code);
}

export async function connectWithRetry(opts: NatsConnectOptions): Promise<NatsConnection> {
  const giveUpMs = opts.giveUpMs ?? 60_000;
  const shownUrl = redactUrl(opts.url);
  const onRetry = opts.onRetry ?? ((a, d, e) => process.stderr.write(retryLine(opts.url, a, d, e) + '\n'));
  const creds = credsPath(opts);
  const authenticator = creds ? credsFileAuthenticator(creds) : undefined;
  const { servers, user, pass, token } = splitUrlAuth(opts.url);
  const tls = natsTlsOptions();
  const startMs = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect({
        servers,
        name: opts.name,
        ...(authenticator ? { authenticator } : {}),
        ...(user !== undefined ? { user, pass } : {}),
        ...(token !== undefined ? { token } : {}),
        ...(tls ? { tls } : {}),
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
      if (isPermanent(e)) throw new TribunalError('BAD_CONFIG', `nats at ${shownUrl} refused us${creds ? ` (credentials ${creds})` : ''}: ${oneLine(e)}`, { cause: e });
      const elapsedMs = Date.now() - startMs;
      const leftMs = giveUpMs - elapsedMs;
      if (leftMs <= 0) {
        throw new TribunalError(
          'UNAVAILABLE',
          `nats at ${shownUrl} unreachable after ${attempt} attempts over ${(elapsedMs / 1000).toFixed(1)} s: ${oneLine(e)}`,
          { cause: e },
        );
      }
      const delayMs = Math.min(backoffDelayMs(attempt, opts.initialDelayMs ?? 200, opts.maxDelayMs ?? 5000), leftMs);
      onRetry(attempt, delayMs, e);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
