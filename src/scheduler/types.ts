// Names shared by the scheduler's pure parts, its service and its client:
// experiment phases and actor kinds. The proto carries both as strings; these
// lists are what the service accepts.

export const PHASES = ['starting', 'training', 'evaluating', 'draining', 'done'] as const;
export type Phase = (typeof PHASES)[number];

/** Phases in which Acquire hands out prompts (draining and done only finish what is in flight). */
export const GRANTING_PHASES: ReadonlySet<Phase> = new Set<Phase>(['starting', 'training', 'evaluating']);

export const ACTOR_KINDS = ['rollout', 'judge', 'gold', 'learner', 'other'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;
export const noopLog: LogFn = () => {};
