// The fallback when no nats-server exists: scheduler (still real gRPC on
// loopback) and every actor in this one process, sharing an in-process bus.
import { join } from 'node:path';
import type { ExperimentConfig } from '../config/schema.ts';
import { runDir, totalPrompts } from '../config/schema.ts';
import { LocalBus } from '../bus/local-bus.ts';
import { withClaimCheck } from '../bus/claim-check.ts';
import { subjectsFor } from '../wire/subjects.ts';
import { startSchedulerServer } from '../scheduler/server.ts';
import { hostActor, type ActorLoops } from '../runtime/actor-host.ts';
import { actorNames } from './actor-names.ts';
import type { Logger } from '../core/logger.ts';
import { oneLine } from '../core/errors.ts';

export async function runInProcess(cfg: ExperimentConfig, log: Logger, loops: ActorLoops, signal?: AbortSignal): Promise<number> {
  const dir = runDir(cfg);
  const scheduler = await startSchedulerServer({
    address: '127.0.0.1:0', stateDir: join(dir, 'scheduler'), totalPrompts: totalPrompts(cfg), datasetSize: cfg.data.datasetSize,
    batchSize: cfg.rl.promptsPerStep, eta: cfg.rl.eta, leaseMs: cfg.scheduler.leaseMs, heartbeatMs: cfg.scheduler.heartbeatMs,
    producedTimeoutMs: cfg.scheduler.producedTimeoutMs,
  });
  const local: ExperimentConfig = { ...cfg, scheduler: { ...cfg.scheduler, address: `127.0.0.1:${scheduler.port}` } };
  // Same payload limit as NATS, so large batches take the same claim-check path.
  const bus = withClaimCheck(new LocalBus(), { bucket: subjectsFor(cfg.run.id).buckets.blobs });
  const stop = new AbortController();
  signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const actors = actorNames(local).map((a) => hostActor({
    cfg: local, kind: a.kind, loop: loops[a.kind], actorId: a.name, bus, signal: stop.signal,
    log: log.child({ kind: a.kind }),
  }).then(() => a, (e) => { log.error('actor failed', { actor: a.name, reason: oneLine(e) }); throw e; }));
  let code = 0;
  try {
    await actors[actors.length - 1]; // the learner: the run is done when it is
    await Promise.race([Promise.allSettled(actors), new Promise((r) => setTimeout(r, 3 * cfg.scheduler.heartbeatMs + 2_000))]);
  } catch {
    code = 1;
  } finally {
    stop.abort();
    await Promise.allSettled(actors);
    await bus.close();
    await scheduler.close();
  }
  return signal?.aborted ? 130 : code;
}
