// Maps nats.js errors to TribunalError codes in one table, and carries
// TribunalErrors across NATS in the `Tribunal-Error: CODE: message` header.
import { TribunalError, type TribunalErrorCode, oneLine } from '../core/errors.ts';

export const ERROR_HEADER = 'Tribunal-Error';

const BY_NATS_CODE: Record<string, TribunalErrorCode> = {
  TIMEOUT: 'TIMEOUT',
  '408': 'TIMEOUT',
  '503': 'UNAVAILABLE', // no responders, or no stream captures the subject
  MAX_PAYLOAD_EXCEEDED: 'TOO_LARGE',
  CONNECTION_CLOSED: 'UNAVAILABLE',
  CONNECTION_DRAINING: 'UNAVAILABLE',
  CONNECTION_REFUSED: 'UNAVAILABLE',
  CONNECTION_TIMEOUT: 'UNAVAILABLE',
  DISCONNECT: 'UNAVAILABLE',
  BAD_SUBJECT: 'BAD_CONFIG',
  AUTHORIZATION_VIOLATION: 'BAD_CONFIG',
  PERMISSIONS_VIOLATION: 'BAD_CONFIG',
  BAD_AUTHENTICATION: 'BAD_CONFIG',
};

/** JetStream API error codes (err_code) worth a precise TribunalError code. */
const BY_JS_ERR_CODE: Record<number, TribunalErrorCode> = {
  10054: 'TOO_LARGE', // message size exceeds maximum allowed
  10058: 'CONFLICT', // stream name already in use with a different configuration
  10059: 'NOT_FOUND', // stream not found
  10014: 'NOT_FOUND', // consumer not found
  10099: 'CONFLICT', // multiple non-filtered consumers not allowed on workqueue stream
};

/** A TribunalError for what nats.js threw while doing `what` (kept as the cause). */
export function fromNatsError(e: unknown, what: string): TribunalError {
  if (e instanceof TribunalError) return e;
  const n = e as { code?: string; api_error?: { err_code?: number } };
  const code =
    (n.api_error?.err_code !== undefined ? BY_JS_ERR_CODE[n.api_error.err_code] : undefined) ??
    (n.code !== undefined ? BY_NATS_CODE[n.code] : undefined) ??
    'INTERNAL';
  const detail = n.code === '503' ? 'no responders' : oneLine(e);
  return new TribunalError(code, `${what}: ${detail}`, { cause: e });
}

/** Header values may not hold line breaks. */
export function errorHeaderValue(code: string, message: string): string {
  return `${code}: ${message.replace(/[\r\n]+/g, ' ')}`;
}
