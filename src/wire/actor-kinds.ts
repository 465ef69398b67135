// The actor kinds of an experiment, named once for the scheduler, the
// runtime, the launcher and the CLI. What each kind does is actors/'s business.

export const ACTOR_KINDS = ['rollout', 'judge', 'gold', 'learner'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Kinds a process may register with the scheduler as: an actor, or 'other' (tools, tests). */
export const REGISTRANT_KINDS = [...ACTOR_KINDS, 'other'] as const;
export type RegistrantKind = (typeof REGISTRANT_KINDS)[number];
