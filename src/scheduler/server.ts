// Starts the scheduler as a gRPC server: opens the durable store, wires the
// service's methods to the Scheduler service, maps TribunalError to gRPC status
// ("CODE: message" in details) and runs the lease sweep every leaseMs/4.
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import { TribunalError, oneLine } from '../core/errors.ts';
import type { SchedulerHandlers } from './generated/tribunal/scheduler/v1/Scheduler.ts';
import { loadSchedulerProto } from './proto.ts';
import { Registry } from './registry.ts';
import { SchedulerService } from './service.ts';
import { SchedulerStore } from './store.ts';
import { noopLog, type LogFn } from './types.ts';
import { formatZodIssue } from '../core/zod-issue.ts';
import { tokenMatches } from './auth.ts';
import { serverCredentials } from './tls.ts';

export interface SchedulerServerOptions {
  /** host:port to listen on; '127.0.0.1:0' picks a free port. */
  address: string;
  /** Directory holding the snapshot and journal; created when missing. */
  stateDir: string;
  totalPrompts: number;
  datasetSize: number;
  /** Prompts per learner step (B). */
  batchSize: number;
  /** Staleness bound in versions; 0 is synchronous. */
  eta: number;
  /** An actor silent this long is declared dead. @default 30000 */
  leaseMs?: number;
  /** How often actors should heartbeat. @default leaseMs / 3 */
  heartbeatMs?: number;
  /** A produced prompt not committed after this long may be re-issued. @default 600000 */
  producedTimeoutMs?: number;
  /** When set, every call must carry it (authorization: Bearer <token>); see auth.ts. */
  token?: string;
  /** Where TLS files are named (tls.ts); plaintext when it names no cert. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Its state could not be written (a full disk): see StoreOptions.onWriteFailure. */
  onWriteFailure?: (message: string) => void;
  log?: LogFn;
}

export interface SchedulerServer {
  port: number;
  /** host:port actually bound (the real port when 0 was asked). */
  address: string;
  /** What GetState answers, read in process (the scheduler's own metrics). */
  state(): ReturnType<SchedulerService['getState']>;
  /** Stops the sweep, ends long-polls, shuts the server down and compacts the state. */
  close(): Promise<void>;
}

const OptionsSchema = z.object({
  address: z.string().regex(/^.+:\d+$/, 'must be host:port'),
  stateDir: z.string().min(1),
  totalPrompts: z.number().int().positive(),
  datasetSize: z.number().int().positive(),
  batchSize: z.number().int().positive(),
  eta: z.number().int().nonnegative(),
  leaseMs: z.number().int().positive().default(30_000),
  heartbeatMs: z.number().int().positive().optional(),
  producedTimeoutMs: z.number().positive().default(600_000),
});

export async function startSchedulerServer(options: SchedulerServerOptions): Promise<SchedulerServer> {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TribunalError('BAD_CONFIG', `scheduler option ${formatZodIssue(parsed.error)}`);
  }
  const opts = parsed.data;
  const log = options.log ?? noopLog;
  const heartbeatMs = opts.heartbeatMs ?? Math.max(1, Math.floor(opts.leaseMs / 3));
  const store = SchedulerStore.open({ ...opts, log, onWriteFailure: options.onWriteFailure });
  const registry = new Registry({ leaseMs: opts.leaseMs, epoch: randomBytes(3).toString('hex') });
  const service = new SchedulerService(store, registry, { batchSize: opts.batchSize, eta: opts.eta, heartbeatMs, log });

  const { creds: credentials, tls } = serverCredentials(options.env);
  const server = new grpc.Server();
  const proto = loadSchedulerProto();
  server.addService(proto.tribunal.scheduler.v1.Scheduler.service, handlers(service, log, options.token));
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(opts.address, credentials, (err, p) => (err ? reject(err) : resolve(p)));
    });
  } catch (e) {
    store.close();
    throw new TribunalError('UNAVAILABLE', `scheduler cannot listen on ${opts.address}: ${oneLine(e)}`, { cause: e });
  }
  const sweepTimer = setInterval(() => service.sweep(), Math.max(1, Math.floor(opts.leaseMs / 4)));
  const host = opts.address.slice(0, opts.address.lastIndexOf(':'));
  const address = `${host}:${port}`;
  log('info', 'scheduler listening', { address, stateDir: opts.stateDir, totalPrompts: opts.totalPrompts, batchSize: opts.batchSize, eta: opts.eta, tls, auth: options.token ? 'token' : 'none' });

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= (async () => {
    clearInterval(sweepTimer);
    service.close();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => { server.forceShutdown(); resolve(); }, 2000);
      server.tryShutdown(() => { clearTimeout(force); resolve(); });
    });
    store.close();
    log('info', 'scheduler stopped', { address });
  })());
  return { port, address, close, state: () => service.getState() };
}

/** gRPC status for an error thrown by the service: TribunalErrors keep their code. */
function toStatus(e: unknown, log: LogFn): Partial<grpc.StatusObject> {
  if (e instanceof TribunalError) return { code: e.grpcStatus, details: e.toHeader() };
  log('error', 'scheduler call failed', { error: oneLine(e) });
  return { code: grpc.status.INTERNAL, details: `INTERNAL: ${oneLine(e)}` };
}

function handlers(service: SchedulerService, log: LogFn, token: string | undefined): SchedulerHandlers {
  let refused = 0;
  const unary = <Req, Rep>(fn: (req: Req, signal: AbortSignal) => Rep | Promise<Rep>): grpc.handleUnaryCall<Req, Rep> =>
    (call, callback) => {
      if (token !== undefined && !tokenMatches(call.metadata.get('authorization')[0], token)) {
        if (refused++ % 100 === 0) log('warn', 'refused a call without the scheduler token', { peer: call.getPeer(), refused });
        const e = new TribunalError('UNAUTHENTICATED', 'this scheduler needs its token: set TRIBUNAL_SCHEDULER_TOKEN (or TRIBUNAL_SCHEDULER_TOKEN_FILE) to the one it was started with');
        return callback({ code: e.grpcStatus, details: e.toHeader() });
      }
      const ac = new AbortController();
      call.on('cancelled', () => ac.abort());
      Promise.resolve()
        .then(() => fn(call.request, ac.signal))
        .then((reply) => callback(null, reply), (e) => callback(toStatus(e, log)));
    };
  return {
    Register: unary((req) => service.register(req)),
    Heartbeat: unary((req) => service.heartbeat(req)),
    Acquire: unary((req, signal) => service.acquire(req, signal)),
    ReportProduced: unary((req) => service.reportProduced(req)),
    Commit: unary((req) => service.commit(req)),
    Release: unary((req) => service.release(req)),
    Restore: unary((req) => service.restore(req)),
    ReportPublished: unary((req) => service.reportPublished(req)),
    SetPhase: unary((req) => service.setPhase(req)),
    GetState: unary(() => service.getState()),
    Deregister: unary((req) => service.deregister(req)),
  };
}
