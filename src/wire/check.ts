// Decode-and-validate at the boundary: returns the typed message or a one-line
// reason. Never throws; callers count and dead-letter the failures.
import type { z } from 'zod';
import { decode } from './codec.ts';
import { oneLine } from '../core/errors.ts';
import { formatZodIssue } from '../core/zod-issue.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export function checkMessage<S extends z.ZodType>(schema: S, bytes: Uint8Array, maxBytes = Infinity): Checked<z.infer<S>> {
  if (bytes.byteLength > maxBytes) {
    return { ok: false, reason: `message of ${bytes.byteLength} bytes exceeds the ${maxBytes}-byte limit` };
  }
  let raw: unknown;
  try {
    raw = decode(bytes);
  } catch (e) {
    return { ok: false, reason: oneLine(e) };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: formatZodIssue(parsed.error) };
}
