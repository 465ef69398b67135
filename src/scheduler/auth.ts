// The scheduler's shared secret: a bearer token every gRPC call carries in its
// `authorization` metadata. Without it anyone who reaches the port could
// commit prompts never issued, rewind the clock or end the run. The token
// comes from TRIBUNAL_SCHEDULER_TOKEN, or a file named by
// TRIBUNAL_SCHEDULER_TOKEN_FILE (a mounted Kubernetes Secret); it is never
// logged. No token configured: the scheduler accepts every call, as before.
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { TribunalError, oneLine } from '../core/errors.ts';

export const TOKEN_ENV = 'TRIBUNAL_SCHEDULER_TOKEN';
export const TOKEN_FILE_ENV = 'TRIBUNAL_SCHEDULER_TOKEN_FILE';

/** The configured token, or undefined when none is. */
export function readSchedulerToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env[TOKEN_FILE_ENV];
  let token = env[TOKEN_ENV];
  if (file) {
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new TribunalError('BAD_CONFIG', `${TOKEN_FILE_ENV}=${file}: cannot read the scheduler token: ${oneLine(e)}`);
    }
  }
  if (token === undefined || token === '') return undefined;
  if (token.length < 16) throw new TribunalError('BAD_CONFIG', `the scheduler token (${file ? TOKEN_FILE_ENV : TOKEN_ENV}) is ${token.length} characters; use at least 16 (e.g. openssl rand -hex 24)`);
  return token;
}

/** The metadata value a client sends. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** True when `header` (an authorization metadata value) carries `token`; constant-time. */
export function tokenMatches(header: unknown, token: string): boolean {
  if (typeof header !== 'string') return false;
  const got = Buffer.from(header);
  const want = Buffer.from(bearer(token));
  return got.length === want.length && timingSafeEqual(got, want);
}
