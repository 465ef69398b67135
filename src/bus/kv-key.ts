// The key rule of NATS KV, checked by both buses so LocalBus refuses what
// NatsBus would (a key that works in tests must work in production).
import { TribunalError } from '../core/errors.ts';

const VALID_KEY = /^[-/_=.a-zA-Z0-9]+$/;

export function checkKvKey(bucket: string, key: string): void {
  if (!VALID_KEY.test(key) || key.startsWith('.') || key.endsWith('.')) {
    throw new TribunalError('BAD_CONFIG', `kv ${bucket}: invalid key ${JSON.stringify(key)} (allowed: letters, digits, - / _ = .)`);
  }
}
