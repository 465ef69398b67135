// The runtime's actor call path: request/reply over the Bus with msgpack
// bodies. A request is [method, args]; a reply is the encoded result, or an
// error carried by the Bus (code preserved). Benchmarked: keep it lean.
import { TribunalError, oneLine } from '../core/errors.ts';
import { decode, encode } from '../wire/codec.ts';
import type { Bus, BusMessage } from './bus.ts';

export type CallHandlers = Record<string, (args: unknown) => Promise<unknown> | unknown>;

export interface ServeCallsOptions {
  /** Queue group: instances serving the same subject share the calls. @default 'calls' */
  queue?: string;
}

export interface CallServer {
  readonly subject: string;
  /** Stop taking calls; calls already running still reply. */
  stop(): void;
  /** Settles when the subscription ends. */
  readonly done: Promise<void>;
}

export interface CallOptions {
  /** @default 5000 */
  timeoutMs?: number;
}

function fail(m: BusMessage, e: unknown): void {
  if (e instanceof TribunalError) m.respondError(e.code, e.message);
  else m.respondError('INTERNAL', oneLine(e));
}

function reply(m: BusMessage, value: unknown): void {
  let bytes: Uint8Array;
  try {
    bytes = encode(value);
  } catch (e) {
    return fail(m, new TribunalError('INTERNAL', `reply not encodable: ${oneLine(e)}`, { cause: e }));
  }
  m.respond(bytes);
}

/** Handles one call without awaiting it: slow handlers do not hold up the next message. */
function handle(handlers: CallHandlers, m: BusMessage): void {
  let req: unknown;
  try {
    req = decode(m.data);
  } catch (e) {
    return fail(m, e);
  }
  if (!Array.isArray(req) || typeof req[0] !== 'string') {
    return fail(m, new TribunalError('BAD_MESSAGE', 'call is not [method, args]'));
  }
  const method = req[0];
  const h = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
  if (!h) return fail(m, new TribunalError('NOT_FOUND', `no method ${method} on ${m.subject}`));
  let result: unknown;
  try {
    result = h(req[1]);
  } catch (e) {
    return fail(m, e);
  }
  if (result !== null && typeof (result as Promise<unknown>)?.then === 'function') {
    (result as Promise<unknown>).then(
      (v) => reply(m, v),
      (e) => fail(m, e),
    );
  } else {
    reply(m, result);
  }
}

export function serveCalls(bus: Bus, subject: string, handlers: CallHandlers, opts: ServeCallsOptions = {}): CallServer {
  const sub = bus.subscribe(subject, { queue: opts.queue ?? 'calls' });
  const done = (async () => {
    for await (const m of sub) handle(handlers, m);
  })();
  return { subject, stop: () => sub.unsubscribe(), done };
}

export function callActor<T>(bus: Bus, subject: string, method: string, args: unknown, opts?: CallOptions): Promise<T> {
  let body: Uint8Array;
  try {
    body = encode([method, args]);
  } catch (e) {
    return Promise.reject(new TribunalError('BAD_MESSAGE', `call ${method} args not encodable: ${oneLine(e)}`, { cause: e }));
  }
  return bus.request(subject, body, { timeoutMs: opts?.timeoutMs ?? 5000 }).then(decode) as Promise<T>;
}
