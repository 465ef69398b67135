// The one formatter of a zod failure for people: "path: what is wrong" for
// the first issue, so every boundary (wire, config, gRPC requests, engine
// answers, data files) reports a bad field the same way. Which error to throw
// with it is the caller's choice.
import type { z } from 'zod';

/** "a.b.0: message" for the first issue; `root` names an empty path. */
export function formatZodIssue(error: z.ZodError, root = '(root)'): string {
  const issue = error.issues[0];
  if (!issue) return `${root}: invalid`;
  const where = issue.path.length ? issue.path.map(String).join('.') : root;
  const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  return `${where}: ${message}`;
}
