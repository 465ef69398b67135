// `tribunal actor <kind>`: one actor process. Its config file, identity and
// health port come from flags or env, so one image serves every role.
import { parseFlags, intFlag } from './args.ts';
import { loadConfig } from '../config/load.ts';
import { hostActor } from '../runtime/actor-host.ts';
import { ACTOR_KINDS, type ActorKind } from '../wire/actor-kinds.ts';
import type { CliDeps } from './main.ts';
import { TribunalError } from '../core/errors.ts';

const HELP = `Usage: tribunal actor <rollout|judge|gold|learner> [options]

Options:
  --config <file>       experiment config (env TRIBUNAL_CONFIG)
  --actor-id <id>       stable identity (env TRIBUNAL_ACTOR_ID; default: assigned by the scheduler)
  --health-port <n>     serve /healthz, /readyz, /metrics (env TRIBUNAL_HEALTH_PORT; default 8080; 0 = any free port),
                        on TRIBUNAL_HEALTH_HOST (default 0.0.0.0)
  --set path=value      override one config field (repeatable)

Env: TRIBUNAL_NATS_URL, TRIBUNAL_SCHEDULER, TRIBUNAL_RUN_DIR, TRIBUNAL_LOG_LEVEL.
Exit: 0 when the run is done or the actor drained on SIGTERM; 2 bad config; 3 NATS or scheduler unreachable.`;

export async function actorCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    config: { type: 'string' }, 'actor-id': { type: 'string' }, 'health-port': { type: 'string' },
  });
  if (values.help) { console.log(HELP); return 0; }
  const kind = positionals[0] as ActorKind;
  if (!ACTOR_KINDS.includes(kind)) {
    throw new TribunalError('BAD_CONFIG', `actor kind must be one of ${ACTOR_KINDS.join(', ')}; got '${positionals[0] ?? ''}'`);
  }
  const cfg = loadConfig(values.config ?? process.env.TRIBUNAL_CONFIG, { sets: values.set });
  const healthPort = intFlag(values['health-port'] ?? process.env.TRIBUNAL_HEALTH_PORT, 'health-port') ?? 8080;
  await hostActor({
    cfg, kind, loop: deps.actorLoops[kind], actorId: values['actor-id'] ?? process.env.TRIBUNAL_ACTOR_ID,
    healthPort, handleSignals: true,
  });
  return 0;
}
