// Runs one actor in a process: connects the bus and the scheduler (retrying
// with backoff), registers, heartbeats, serves /healthz and /readyz, and on
// SIGTERM/SIGINT or when the run is done asks the loop to drain, then
// deregisters and closes. The actor loop itself knows none of this.
import { hostname } from 'node:os';
import type { ExperimentConfig } from '../config/schema.ts';
import { runDir } from '../config/schema.ts';
import { connectBus } from '../bus/connect.ts';
import { withClaimCheck } from '../bus/claim-check.ts';
import type { Bus, WorkQueue } from '../bus/bus.ts';
import { SchedulerClient } from '../scheduler/client.ts';
import { subjectsFor } from '../wire/subjects.ts';
import { openQueues, type ActorContext } from './context.ts';
import type { ActorKind } from '../wire/actor-kinds.ts';
import { JsonLogger, type Logger } from '../core/logger.ts';
import { Counters } from './counters.ts';
import { startHealthServer } from './health.ts';
import { oneLine } from '../core/errors.ts';
import { appendUsage } from './usage.ts';
import { watchForOrphaning } from './orphan-watch.ts';

export type ActorLoop = (ctx: ActorContext) => Promise<void>;
/** The loop of every kind: actors/index.ts's table, handed down from the entry point (src never imports actors/). */
export type ActorLoops = Readonly<Record<ActorKind, ActorLoop>>;

export interface HostOptions {
  cfg: ExperimentConfig;
  kind: ActorKind;
  loop: ActorLoop;
  actorId?: string;
  /** 0 picks a free port; undefined serves none. */
  healthPort?: number;
  /** An already-connected bus (in-process runs share one). */
  bus?: Bus;
  log?: Logger;
  /** Stop signal from outside (in-process runs); signals are handled otherwise. */
  signal?: AbortSignal;
  handleSignals?: boolean;
}

export async function hostActor(opts: HostOptions): Promise<void> {
  const { cfg, kind } = opts;
  let log = opts.log ?? new JsonLogger({ kind });
  const counters = new Counters();
  const drain = new AbortController();
  opts.signal?.addEventListener('abort', () => drain.abort(), { once: true });
  if (opts.handleSignals) {
    const onSignal = (sig: string) => {
      if (drain.signal.aborted) { log.warn('second signal: exiting now', { sig }); process.exit(130); }
      log.info('draining', { sig });
      drain.abort();
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
    watchForOrphaning(() => onSignal('launcher gone'));
  }
  let ready = false;
  const usage = new Map<string, () => object>();
  const usageNow = () => Object.fromEntries([...usage].map(([name, snap]) => [name, snap()]));
  // What was opened so far, closed in reverse order however far start-up got.
  const closers: (() => Promise<unknown> | void)[] = [];
  try {
    counters.labels({ run: cfg.run.id, kind });
    // Engine usage (requests, retries, breaker rejections, tokens), cumulative, as gauges engine_<engine>_<field>.
    counters.onScrape(() => {
      for (const [engine, snap] of Object.entries(usageNow())) {
        for (const [field, v] of Object.entries(snap as Record<string, unknown>)) if (typeof v === 'number') counters.gauge(`engine_${engine}_${field}`, v);
      }
      counters.gauge('ready', ready ? 1 : 0);
    });
    const health = opts.healthPort === undefined ? null : await startHealthServer(opts.healthPort, {
      live: () => true, ready: () => ready, metrics: () => ({ kind, ...counters.snapshot(), usage: usageNow() }),
      prometheus: () => counters.prometheus(),
    });
    if (health) closers.push(() => health.close());
    const onRetry = (what: string) => (attempt: number, delayMs: number, err: unknown) =>
      log.warn(`${what} unreachable; retrying`, { attempt, delayMs: Math.round(delayMs), reason: oneLine(err) });
    const raw = opts.bus ?? await connectBus({ url: cfg.nats.url, name: `${kind}-${opts.actorId ?? process.pid}`, giveUpMs: cfg.nats.connectGiveUpMs, onRetry: onRetry('NATS') });
    const subjects = subjectsFor(cfg.run.id);
    const bus = opts.bus ? raw : withClaimCheck(raw, { bucket: subjects.buckets.blobs });
    if (!opts.bus) closers.push(() => bus.close());
    const scheduler = await SchedulerClient.connect(cfg.scheduler.address, { giveUpMs: cfg.nats.connectGiveUpMs, onRetry: (line) => log.warn(line) });
    closers.push(() => scheduler.close());
    const reg = await scheduler.register({ kind, actorId: opts.actorId, host: hostname(), pid: process.pid });
    let actorId = reg.actorId;
    closers.push(() => scheduler.deregister({ actorId }).catch(() => {}));
    log = log.child({ actor: actorId });
    log.info('registered', { leaseMs: reg.leaseMs });

    // One registration at a time, whether the heartbeat or the loop (a NOT_FOUND) asks.
    let registering: Promise<void> | null = null;
    const reregister = () => registering ??= scheduler.register({ kind, actorId, host: hostname(), pid: process.pid }).then((again) => {
      actorId = again.actorId;
      log.warn('the scheduler did not know this actor (it restarted, or declared it dead); registered again');
    }).finally(() => { registering = null; });
    const beat = setInterval(async () => {
      try {
        const hb = await scheduler.heartbeat({ actorId });
        if (!hb.known) await reregister();
        if (hb.phase === 'done' && !drain.signal.aborted && kind !== 'learner') {
          log.info('run is done; draining');
          drain.abort();
        }
      } catch (e) {
        log.warn('heartbeat failed', { reason: oneLine(e) });
      }
    }, reg.heartbeatMs);
    closers.push(() => clearInterval(beat));

    const queues = await openQueues(bus, subjects);
    // Queue depth (a work-queue stream holds what is not yet acked: the consumers' lag), every 5 s.
    const depth = setInterval(() => {
      for (const [name, q] of Object.entries(queues) as [string, WorkQueue][]) void q.pending().then((n) => counters.gauge(`queue_${name}_messages`, n), () => {});
    }, 5_000);
    depth.unref();
    closers.push(() => clearInterval(depth));
    const ctx: ActorContext = {
      cfg, kind, actorId, runDir: runDir(cfg), bus, queues, subjects,
      scheduler, log, counters, signal: drain.signal, setReady: (r) => { ready = r; },
      reportUsage: (name, snapshot) => { usage.set(name, snapshot); },
      reregister,
    };
    await opts.loop(ctx);
    log.info('stopped', { ...counters.snapshot(), ...(usage.size ? { usage: usageNow() } : {}) });
    if (usage.size) await appendUsage(ctx.runDir, actorId, kind, usageNow());
  } finally {
    ready = false;
    for (const close of closers.reverse()) await close();
  }
}
