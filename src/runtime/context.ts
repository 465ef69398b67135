// What every actor loop gets: config, identity, the bus and its queues, the
// scheduler client, a logger, counters, and a signal that asks it to drain.
import type { ExperimentConfig } from '../config/schema.ts';
import type { Bus, WorkQueue } from '../bus/bus.ts';
import type { ActorKind } from '../wire/actor-kinds.ts';
import type { Subjects } from '../wire/subjects.ts';
import type { Logger } from '../core/logger.ts';
import type { Counters } from './counters.ts';
import type { SchedulerClient } from '../scheduler/client.ts';


export interface Queues {
  rollouts: WorkQueue;
  scored: WorkQueue;
  gold: WorkQueue;
  goldResults: WorkQueue;
}

export interface ActorContext {
  cfg: ExperimentConfig;
  kind: ActorKind;
  actorId: string;
  runDir: string;
  bus: Bus;
  queues: Queues;
  subjects: Subjects;
  scheduler: SchedulerClient;
  log: Logger;
  counters: Counters;
  /** Aborted when the actor should stop taking work and drain. */
  signal: AbortSignal;
  /** Marks the actor ready (/readyz) once its loop is taking work. */
  setReady(ready: boolean): void;
  /** Registers an engine's usage (tokens, requests): shown on /metrics, logged and appended to usage.jsonl at stop. */
  reportUsage(name: string, snapshot: () => object): void;
  /** Registers with the scheduler again (it restarted, or declared this actor dead): a NOT_FOUND answer asks for it. */
  reregister(): Promise<void>;
}

/** Opens (creating when absent) the run's durable work queues. */
export async function openQueues(bus: Bus, s: Subjects): Promise<Queues> {
  const [rollouts, scored, gold, goldResults] = await Promise.all([
    bus.workQueue(s.streams.rollouts, { subjects: [s.rollouts] }),
    bus.workQueue(s.streams.scored, { subjects: [s.scored] }),
    bus.workQueue(s.streams.gold, { subjects: [s.goldRequests] }),
    bus.workQueue(s.streams.goldResults, { subjects: [s.goldResults] }),
  ]);
  return { rollouts, scored, gold, goldResults };
}
