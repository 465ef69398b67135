// One zod schema per scheduler request: the service checks every call with
// these and answers a bad one with BAD_MESSAGE (gRPC INVALID_ARGUMENT) naming
// the field. proto3 sends unset fields as defaults, so "required" means "not
// the default" here (an empty actorId, a zero max).
import { z } from 'zod';
import { TribunalError } from '../core/errors.ts';
import { PHASES } from './types.ts';
import { REGISTRANT_KINDS } from '../wire/actor-kinds.ts';
import { formatZodIssue } from '../core/zod-issue.ts';

const actorId = z.string().min(1, 'is required').max(200);
const promptItem = z.object({
  promptId: z.string().min(1, 'is required'),
  attempt: z.number().int().min(1, 'must be >= 1 (attempts start at 1)'),
});
/** Versions are int32 in the ledger and its snapshots. */
const version = z.number().int().nonnegative().max(2 ** 31 - 1);
/** Long-poll ceiling; the service also keeps a wait under half the lease. */
export const MAX_WAIT_MS = 60_000;

export const RegisterRequest = z.object({
  kind: z.enum(REGISTRANT_KINDS),
  actorId: z.string().max(200),
  host: z.string().min(1, 'is required').max(255),
  pid: z.number().int().nonnegative(),
});
export const HeartbeatRequest = z.object({ actorId });
export const AcquireRequest = z.object({
  actorId,
  max: z.number().int().min(1, 'must be >= 1').max(100_000),
  waitMs: z.number().int().min(0).max(MAX_WAIT_MS),
});
export const ReportProducedRequest = z.object({ actorId, promptId: promptItem.shape.promptId, attempt: promptItem.shape.attempt });
export const CommitRequest = z.object({ actorId, version, items: z.array(promptItem).max(1_000_000) });
export const ReleaseRequest = z.object({ actorId, items: z.array(promptItem).max(1_000_000), reason: z.string().max(1000) });
export const RestoreRequest = z.object({ version });
export const ReportPublishedRequest = z.object({ actorId, version });
export const SetPhaseRequest = z.object({ phase: z.enum(PHASES) });
export const DeregisterRequest = z.object({ actorId });

/** The checked request, or BAD_MESSAGE "<rpc>.<field>: <what is wrong>". */
export function parseRequest<S extends z.ZodType>(rpc: string, schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new TribunalError('BAD_MESSAGE', `${rpc}.${formatZodIssue(parsed.error, '(request)')}`);
}
