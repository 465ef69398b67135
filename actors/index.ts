// The actor loop for each kind. The entry point (bin/tribunal) hands this
// table to the CLI, which gives it to the launcher (in-process runs) and to
// `tribunal actor`: src/ never imports actors/, so imports point one way.
import type { ActorLoops } from '../src/runtime/actor-host.ts';
import { runRollout } from './rollout/rollout-actor.ts';
import { runJudge } from './judge/judge-actor.ts';
import { runGold } from './gold/gold-actor.ts';
import { runLearner } from './learner/learner-actor.ts';

export const ACTOR_LOOPS: ActorLoops = { rollout: runRollout, judge: runJudge, gold: runGold, learner: runLearner };
