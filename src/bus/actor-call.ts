// The runtime's actor call path: request/reply over the Bus with msgpack
// bodies. A request is [method, args] or [method, args, beatSubject]; a reply
// is the encoded result, or an error carried by the Bus (code preserved).
// With a beat subject the callee publishes an empty message there every
// BEAT_MS while it works, so a caller tells a slow callee from a dead one
// (silentMs) and can call again, reaching another member of the queue group.
// Benchmarked: keep it lean.
import { randomUUID } from 'node:crypto';
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
  /** Fail (TIMEOUT) when the callee sends no beat for this long: it died or hangs. @default off */
  silentMs?: number;
}

/** How often a callee beats while a call with a beat subject runs. */
export const BEAT_MS = 1000;

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
function handle(bus: Bus, handlers: CallHandlers, m: BusMessage): void {
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
    // Only a subject under this call's own (as callActor makes them): a caller cannot make us publish elsewhere.
    const beatSubject = typeof req[2] === 'string' && req[2].startsWith(`${m.subject}.beats.`) ? req[2] : null;
    const beat = () => void bus.publish(beatSubject!, EMPTY).catch(() => {});
    const timer = beatSubject ? setInterval(beat, BEAT_MS) : null;
    if (beatSubject) beat();
    (result as Promise<unknown>).then(
      (v) => reply(m, v),
      (e) => fail(m, e),
    ).finally(() => { if (timer) clearInterval(timer); });
  } else {
    reply(m, result);
  }
}

const EMPTY = new Uint8Array(0);

export function serveCalls(bus: Bus, subject: string, handlers: CallHandlers, opts: ServeCallsOptions = {}): CallServer {
  const sub = bus.subscribe(subject, { queue: opts.queue ?? 'calls' });
  const done = (async () => {
    for await (const m of sub) handle(bus, handlers, m);
  })();
  return { subject, stop: () => sub.unsubscribe(), done };
}

export function callActor<T>(bus: Bus, subject: string, method: string, args: unknown, opts?: CallOptions): Promise<T> {
  const beatSubject = opts?.silentMs ? `${subject}.beats.${randomUUID()}` : null;
  let body: Uint8Array;
  try {
    body = encode(beatSubject ? [method, args, beatSubject] : [method, args]);
  } catch (e) {
    return Promise.reject(new TribunalError('BAD_MESSAGE', `call ${method} args not encodable: ${oneLine(e)}`, { cause: e }));
  }
  const call = bus.request(subject, body, { timeoutMs: opts?.timeoutMs ?? 5000 }).then(decode) as Promise<T>;
  if (!beatSubject) return call;
  // The watchdog: every beat (or the reply) pushes the silence deadline on.
  const silentMs = opts!.silentMs!;
  const beats = bus.subscribe(beatSubject);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settled = false;
  const silent = new Promise<never>((_, reject) => {
    const arm = () => {
      if (settled) return;
      clearTimeout(timer);
      timer = setTimeout(() => reject(new TribunalError('TIMEOUT', `call ${method} on ${subject}: the callee went silent for ${silentMs} ms (it died or hangs)`)), silentMs);
    };
    arm();
    void (async () => { for await (const _ of beats) arm(); })();
  });
  return Promise.race([call, silent]).finally(() => {
    settled = true;
    clearTimeout(timer);
    beats.unsubscribe();
  });
}
