// The actor processes a config asks for, named kind-index (the learner is one).
import type { ExperimentConfig } from '../config/schema.ts';
import type { ActorKind } from '../wire/actor-kinds.ts';

export function actorNames(cfg: ExperimentConfig): { kind: ActorKind; name: string }[] {
  const out: { kind: ActorKind; name: string }[] = [];
  for (const kind of ['rollout', 'judge', 'gold'] as const) {
    for (let i = 0; i < cfg.actors[kind].replicas; i++) out.push({ kind, name: `${kind}-${i}` });
  }
  out.push({ kind: 'learner', name: 'learner' });
  return out;
}
