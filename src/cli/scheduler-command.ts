// `tribunal scheduler`: the control plane as its own process. Its state lives
// in TRIBUNAL_STATE_DIR (default <run dir>/scheduler) and survives restarts.
import { join } from 'node:path';
import { parseFlags, intFlag } from './args.ts';
import { loadConfig } from '../config/load.ts';
import { runDir, totalPrompts } from '../config/schema.ts';
import { startSchedulerServer } from '../scheduler/server.ts';
import { startHealthServer } from '../runtime/health.ts';
import { JsonLogger } from '../core/logger.ts';
import { watchForOrphaning } from '../runtime/orphan-watch.ts';
import { writePortFile } from '../scheduler/port-file.ts';
import { readSchedulerToken } from '../scheduler/auth.ts';
import { Counters } from '../runtime/counters.ts';

const HELP = `Usage: tribunal scheduler [options]

Options:
  --config <file>      experiment config (env TRIBUNAL_CONFIG)
  --port <n>           gRPC port (env TRIBUNAL_SCHEDULER_PORT; default: the port in scheduler.address; 0 = any free port)
  --host <h>           interface to listen on (env TRIBUNAL_SCHEDULER_HOST; default 0.0.0.0; tribunal run uses 127.0.0.1)
  --port-file <file>   write the port it bound there once listening (env TRIBUNAL_SCHEDULER_PORT_FILE)
  --state-dir <dir>    where the ledger is kept (env TRIBUNAL_STATE_DIR; default <run dir>/scheduler)
  --health-port <n>    /healthz and /readyz (env TRIBUNAL_HEALTH_PORT; default 8080; 0 = any free port)
  --set path=value     override one config field (repeatable)

With TRIBUNAL_SCHEDULER_TOKEN (or TRIBUNAL_SCHEDULER_TOKEN_FILE) set, every call must
carry that token; actors read the same variables. With TRIBUNAL_SCHEDULER_TLS_CERT and
TRIBUNAL_SCHEDULER_TLS_KEY (PEM files) it serves TLS; clients verify it against
TRIBUNAL_SCHEDULER_TLS_CA. Health ports bind TRIBUNAL_HEALTH_HOST (default 0.0.0.0).

Runs until SIGTERM/SIGINT. Exit 2 on a bad config or a state dir written for another config.`;

export async function schedulerCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'port-file': { type: 'string' }, 'state-dir': { type: 'string' }, 'health-port': { type: 'string' },
  }, false);
  if (values.help) { console.log(HELP); return 0; }
  const cfg = loadConfig(values.config ?? process.env.TRIBUNAL_CONFIG, { sets: values.set });
  const log = new JsonLogger({ kind: 'scheduler' });
  const port = intFlag(values.port ?? process.env.TRIBUNAL_SCHEDULER_PORT, 'port') ?? Number(cfg.scheduler.address.split(':').at(-1));
  const stateDir = values['state-dir'] ?? process.env.TRIBUNAL_STATE_DIR ?? join(runDir(cfg), 'scheduler');
  const server = await startSchedulerServer({
    address: `${values.host ?? process.env.TRIBUNAL_SCHEDULER_HOST ?? '0.0.0.0'}:${port}`, stateDir, token: readSchedulerToken(), totalPrompts: totalPrompts(cfg), datasetSize: cfg.data.datasetSize,
    batchSize: cfg.rl.promptsPerStep, eta: cfg.rl.eta, leaseMs: cfg.scheduler.leaseMs, heartbeatMs: cfg.scheduler.heartbeatMs,
    producedTimeoutMs: cfg.scheduler.producedTimeoutMs,
    log: (level, msg, fields) => log[level](msg, fields),
    // What is in memory is now ahead of the disk: exit (after the failing call has its answer) and restart from the disk.
    onWriteFailure: (message) => setTimeout(() => {
      console.error(`tribunal scheduler: ${message}; exiting so it restarts from its saved state`);
      process.exit(3);
    }, 200),
  });
  const healthPort = intFlag(values['health-port'] ?? process.env.TRIBUNAL_HEALTH_PORT, 'health-port') ?? 8080;
  // The ledger and admission as gauges, read at each scrape.
  const metrics = new Counters();
  metrics.labels({ run: cfg.run.id, kind: 'scheduler' });
  metrics.onScrape(() => {
    const s = server.state();
    // (total is the run's size: prompts_all, so no gauge ends in _total)
    for (const [k, v] of Object.entries(s.counters ?? {})) {
      const state = k === 'total' ? 'all' : k;
      metrics.gauge(`prompts_${state}`, Number(v));
    }
    metrics.gauge('policy_version', s.version ?? 0);
    metrics.gauge('admission_open_slots', s.admission?.openSlots ?? 0);
    metrics.gauge('actors_registered', s.actors?.length ?? 0);
  });
  const health = await startHealthServer(healthPort, {
    live: () => true, ready: () => true, metrics: () => ({ port: server.port }), prometheus: () => metrics.prometheus(),
  });
  const portFile = values['port-file'] ?? process.env.TRIBUNAL_SCHEDULER_PORT_FILE;
  if (portFile) writePortFile(portFile, server.port);
  log.info('scheduler listening', { port: server.port, stateDir, healthPort: health.port, auth: readSchedulerToken() ? 'token' : 'none' });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    watchForOrphaning(() => { log.warn('launcher gone; stopping'); resolve(); });
    process.once('SIGINT', resolve);
  });
  log.info('scheduler stopping');
  await server.close();
  await health.close();
  return 0;
}
