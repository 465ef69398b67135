// The actor loop for each kind; the CLI and the in-process launcher both start
// actors through this table.
import type { ActorKind } from '../src/runtime/context.ts';
import type { ActorLoop } from '../src/runtime/actor-host.ts';
import { runRollout } from './rollout/rollout-actor.ts';
import { runJudge } from './judge/judge-actor.ts';
import { runGold } from './gold/gold-actor.ts';
import { runLearner } from './learner/learner-actor.ts';

const LOOPS: Record<ActorKind, ActorLoop> = { rollout: runRollout, judge: runJudge, gold: runGold, learner: runLearner };

export function actorLoop(kind: ActorKind): ActorLoop {
  return LOOPS[kind];
}
