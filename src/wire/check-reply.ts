// Checks a call's arguments or reply against its schema: a peer's bad answer fails with one
// BAD_MESSAGE line naming the field instead of breaking the caller later.
import type { z } from 'zod';
import { TribunalError } from '../core/errors.ts';
import { formatZodIssue } from '../core/zod-issue.ts';

/** `what` names the boundary in the error, e.g. 'rollout.sample reply'. */
export function checkReply<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new TribunalError('BAD_MESSAGE', `${what}: ${formatZodIssue(r.error)}`);
}
