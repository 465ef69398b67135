// `tribunal run`, as a library: the local launcher. It starts a private
// nats-server (or falls back to one in-process bus), the scheduler and every
// actor as its own child process, restarts a child that dies, and finishes
// when the learner does. Resuming is running again on the same run dir: the
// scheduler's ledger, NATS's store and the checkpoints are all kept there.
// The private nats-server takes a token generated per launch and is
// supervised like a child: one that dies is started again on the same port
// and store (actors reconnect to it); one that cannot be ends the run, exit 3.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { ExperimentConfig } from '../config/schema.ts';
import { runDir } from '../config/schema.ts';
import { natsServerOnPath, spawnNatsServer, type NatsProcess } from './nats-process.ts';
import { Supervisor, type ChildEvent, type ChildSpec } from './supervisor.ts';
import { clearPortFile, readPortFile } from '../scheduler/port-file.ts';
import { runInProcess } from './in-process.ts';
import { RunOutcome } from './run-outcome.ts';
import { ensureTrainerPython } from '../pyenv/python-env.ts';
import { actorNames } from './actor-names.ts';
import { startDashboard } from '../dashboard/server.ts';
import type { ActorLoops } from '../runtime/actor-host.ts';
import { PARENT_PID_ENV } from '../runtime/orphan-watch.ts';
import { writeRunUsageTotal } from '../runtime/usage.ts';
import { TribunalError, oneLine } from '../core/errors.ts';
import { readSchedulerToken, TOKEN_ENV, TOKEN_FILE_ENV } from '../scheduler/auth.ts';
import { runPortFile, writeRunToken } from '../scheduler/run-access.ts';
import type { Logger } from '../core/logger.ts';
import { oneMachineEnv } from './one-machine-env.ts';

/** The TensorBoard sidecar's child name. */
const TRACKER = 'tracker';

export interface LaunchOptions {
  cfg: ExperimentConfig;
  /** What each actor kind runs, for in-process runs (children run `tribunal actor`). */
  actorLoops: ActorLoops;
  resume?: boolean;
  log: Logger;
  onEvent?: (e: ChildEvent) => void;
  /** Abort to stop the run (Ctrl-C). */
  signal?: AbortSignal;
  /** Gives the test harness the supervisor, to kill children on purpose. */
  onSupervisor?: (s: Supervisor) => void;
}

export interface RunResult {
  exitCode: number;
  runDir: string;
  bus: 'nats' | 'local';
}

const BIN = resolve(import.meta.dirname, '../../bin/tribunal');

export async function launchRun(opts: LaunchOptions): Promise<RunResult> {
  const dir = resolve(runDir(opts.cfg));
  const cfg: ExperimentConfig = { ...opts.cfg, run: { ...opts.cfg.run, dir } };
  if (existsSync(join(dir, 'scheduler')) && !opts.resume) {
    throw new TribunalError('BAD_CONFIG', `run dir ${dir} already holds a run; pass --resume ${dir} to continue it, or set run.id / run.dir to start another`);
  }
  if (opts.resume && !existsSync(join(dir, 'config.json'))) {
    throw new TribunalError('BAD_CONFIG', `--resume ${dir}: no run there (config.json missing)`);
  }
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(cfg, null, 2));

  const wantNats = cfg.nats.url !== 'local' && (cfg.nats.url !== 'auto' || natsServerOnPath());
  // Every actor runs here: colocated sampling may be chosen, and torch processes share the cores.
  const machineEnv = oneMachineEnv(cfg, opts.log);
  if (!wantNats) {
    Object.assign(process.env, machineEnv); // the actors run in this process
    if (cfg.nats.url === 'auto') opts.log.warn('nats-server is not on PATH: running every actor in this process on an in-process bus (install nats-server for one process per actor)');
    return { exitCode: await runInProcess(cfg, opts.log, opts.actorLoops, opts.signal), runDir: dir, bus: 'local' };
  }

  let nats: NatsProcess | null = null;
  let natsUrl = cfg.nats.url;
  let stopping = false;
  // Set once settle() below exists: what a nats-server that died and could not be restarted does.
  let onNatsLost: (why: string) => void = () => {};
  if (natsUrl === 'auto') {
    const token = randomBytes(24).toString('hex');
    const storeDir = join(dir, 'nats');
    nats = await spawnNatsServer({ storeDir, token });
    natsUrl = `nats://${token}@127.0.0.1:${nats.port}`;
    opts.log.info('started a private nats-server', { url: nats.url, auth: 'token' });
    const watch = (p: NatsProcess) => void p.exited.then(async ({ code, signal }) => {
      if (stopping) return;
      opts.log.warn('the private nats-server died; starting it again on the same port and store', { code, signal, port: p.port });
      for (let attempt = 1; attempt <= 3 && !stopping; attempt++) {
        try {
          const next = await spawnNatsServer({ storeDir, token, port: p.port });
          if (stopping) { await next.stop(); return; } // the run ended while it started: leave nothing behind
          nats = next;
          watch(nats);
          return;
        } catch (e) {
          if (attempt === 3) onNatsLost(`the private nats-server exited (${code ?? signal}) and could not be started again on port ${p.port}: ${oneLine(e)}`);
          else await new Promise((r) => setTimeout(r, 500 * attempt));
        }
      }
    });
    watch(nats);
  }
  // Everything this launch starts listens on loopback only, and the scheduler
  // takes a token generated here: another local user's process cannot steer the run.
  const baseEnv: Record<string, string | undefined> = {
    ...process.env, TRIBUNAL_CONFIG: configPath, TRIBUNAL_NATS_URL: natsUrl,
    TRIBUNAL_RUN_DIR: dir, TRIBUNAL_HEALTH_PORT: '0', TRIBUNAL_HEALTH_HOST: '127.0.0.1', [PARENT_PID_ENV]: String(process.pid), ...machineEnv,
    [TOKEN_ENV]: readSchedulerToken() ?? randomBytes(24).toString('hex'),
  };
  delete baseEnv[TOKEN_FILE_ENV]; // the token travels in TRIBUNAL_SCHEDULER_TOKEN to every child
  // For `tribunal status <run-dir>`: readable by this user only, like the run's NATS token.
  writeRunToken(dir, baseEnv[TOKEN_ENV]!);
  const outcome = new RunOutcome();
  let settle: () => void = () => {};
  const finished = new Promise<void>((r) => { settle = r; });
  onNatsLost = (why) => { outcome.fail(why, true); settle(); };
  // A child that exits 2 met a config error: the run ends with exit 2 and that child's own line.
  const lastError = new Map<string, string>();
  const sup = new Supervisor({
    logDir: join(dir, 'logs'),
    onEvent: (e) => {
      opts.onEvent?.(e);
      if (e.type === 'line' && (e.line?.startsWith('tribunal ') || (e.name === TRACKER && e.line?.startsWith('tracker: ')))) lastError.set(e.name, e.line!);
      if (e.type === 'exited' && e.name === 'learner' && e.code === 0 && outcome.learnerExited(stopping)) settle();
      if (e.type === 'gave-up' && e.name === TRACKER) {
        opts.log.warn('the TensorBoard tracker stopped; the run goes on without it', { reason: lastError.get(e.name) ?? `exit ${e.code ?? e.signal}`, log: join(dir, 'logs', `${TRACKER}.log`) });
        return;
      }
      if (e.type === 'gave-up') {
        const reason = e.code === 2 && lastError.has(e.name)
          ? `${e.name}: ${lastError.get(e.name)}`
          : `${e.name} kept failing (last exit ${e.code ?? e.signal}); see ${join(dir, 'logs', e.name + '.log')}`;
        if (outcome.gaveUp(reason, e.code ?? null)) settle();
      }
      if (e.type === 'restarting') opts.log.warn('a child died; restarting it', { child: e.name, code: e.code, signal: e.signal });
    },
  });
  opts.onSupervisor?.(sup);
  const child = (name: string, args: string[], env: Record<string, string> = {}): ChildSpec => ({
    name, command: process.execPath, args: [BIN, ...args], env: { ...baseEnv, ...env }, restart: true, fatalCodes: [2],
  });
  // The scheduler binds port 0 and reports what it got; a restart binds that same port again.
  const portFile = runPortFile(dir);
  clearPortFile(portFile);
  const schedulerEnv = { TRIBUNAL_SCHEDULER_HOST: '127.0.0.1', TRIBUNAL_SCHEDULER_PORT: '0', TRIBUNAL_SCHEDULER_PORT_FILE: portFile, TRIBUNAL_STATE_DIR: join(dir, 'scheduler') };
  sup.start(child('scheduler', ['scheduler'], schedulerEnv));
  let schedulerPort: number;
  try {
    schedulerPort = await readPortFile(portFile, { timeoutMs: 60_000, gone: () => outcome.failed !== null, signal: opts.signal });
  } catch (e) {
    stopping = true;
    await sup.stopAll();
    await nats?.stop();
    if (opts.signal?.aborted) return { exitCode: 130, runDir: dir, bus: 'nats' };
    opts.log.error('run failed: the scheduler did not start', { reason: outcome.failed ?? oneLine(e) });
    return { exitCode: outcome.badConfig ? 2 : 1, runDir: dir, bus: 'nats' };
  }
  sup.setEnv('scheduler', { TRIBUNAL_SCHEDULER_PORT: String(schedulerPort) });
  const dash = cfg.run.dashboard.enabled
    ? await startDashboard({ runDir: dir, host: cfg.run.dashboard.host, port: cfg.run.dashboard.port, log: opts.log, title: `Tribunal · ${cfg.run.id}` })
      .catch((e: unknown) => { opts.log.warn('the live page could not start; the run goes on without it', { reason: oneLine(e) }); return null; })
    : null;
  if (dash) opts.log.info(`live page at ${dash.url}`, { url: dash.url });
  baseEnv.TRIBUNAL_SCHEDULER = `127.0.0.1:${schedulerPort}`;
  for (const a of actorNames(cfg)) sup.start(child(a.name, ['actor', a.kind], { TRIBUNAL_ACTOR_ID: a.name }));
  const tb = cfg.run.trackers.tensorboard;
  if (tb.enabled) {
    // A sidecar following the run's files into TensorBoard; a tracker that fails never stops the run.
    const py = await ensureTrainerPython({ log: opts.log });
    sup.start({ name: TRACKER, command: py.python, args: ['-m', 'tribunal_trainer.tracker', '--run-dir', dir, ...(tb.logdir ? ['--logdir', resolve(tb.logdir)] : [])], env: { ...py.env }, restart: true, fatalCodes: [2] });
    opts.log.info('writing the run to TensorBoard', { logdir: tb.logdir ? resolve(tb.logdir) : join(dir, 'tensorboard') });
  }

  const onAbort = () => { outcome.fail('interrupted'); settle(); };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  await finished;
  opts.signal?.removeEventListener('abort', onAbort);
  if (outcome.learnerDone) {
    // Other actors see the 'done' phase on their next heartbeat and drain themselves.
    const others = sup.names().filter((n) => n !== 'scheduler' && n !== 'learner' && n !== TRACKER);
    await Promise.race([Promise.all(others.map((n) => sup.waitExit(n))), new Promise((r) => setTimeout(r, 3 * cfg.scheduler.heartbeatMs + 2_000))]);
  }
  stopping = true;
  await dash?.close();
  // Actors first, so they can still deregister (and drain) with the scheduler up; the tracker after them, to write their last lines.
  await sup.stopAll(10_000, sup.names().filter((n) => n !== 'scheduler' && n !== TRACKER));
  await sup.stopAll(10_000, [TRACKER].filter((n) => sup.names().includes(n)));
  await sup.stopAll(10_000, ['scheduler']);
  await nats?.stop();
  const usage = await writeRunUsageTotal(dir).catch((e: unknown) => { opts.log.warn('could not write the run\'s token usage', { reason: oneLine(e) }); return null; });
  if (usage) opts.log.info('token usage of the run', usage);
  if (outcome.failed && !outcome.interrupted) opts.log.error('run failed', { reason: outcome.failed });
  return { exitCode: outcome.exitCode, runDir: dir, bus: 'nats' };
}
