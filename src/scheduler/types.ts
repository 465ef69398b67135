// Names shared by the scheduler's pure parts, its service and its client:
// experiment phases and the log function. The proto carries phases as strings;
// this list is what the service accepts. Actor kinds are src/wire/actor-kinds.ts's.

import type { LogLevel } from '../core/logger.ts';

export const PHASES = ['starting', 'training', 'evaluating', 'draining', 'done'] as const;
export type Phase = (typeof PHASES)[number];

/** Phases in which Acquire hands out prompts (draining and done only finish what is in flight). */
export const GRANTING_PHASES: ReadonlySet<Phase> = new Set<Phase>(['starting', 'training', 'evaluating']);

export type LogFn = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;
export const noopLog: LogFn = () => {};
