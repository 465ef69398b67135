// Weight sync through the bus: the learner stores each version's blob in the
// object store (chunked, any size), or for real models announces a reference
// to weights it exported to shared storage; either way the announcement is
// recorded as 'latest' in the KV bucket and published. Rollout actors follow
// the announcements and load by version, so a late or restarted actor picks up
// the current weights.
import type { Bus, KeyValue, ObjectStore } from '../bus/bus.ts';
import type { Subjects } from '../wire/subjects.ts';
import { WeightsAnnounce, type WeightsExport, type WeightsRef } from '../wire/messages.ts';
import { encode } from '../wire/codec.ts';
import { checkMessage } from '../wire/check.ts';
import type { Logger } from '../core/logger.ts';
import type { Counters } from './counters.ts';
import { oneLine } from '../core/errors.ts';
import { sharedUntilRejected } from '../core/shared-until-rejected.ts';

const LATEST = 'weights.latest';
/**
 * A blob up to half the bus's message limit travels in the announcement itself.
 * The announcement is also kept in the KV bucket, which no claim check lifts,
 * so the limit is a KV value's, not a publish's.
 */
export const inlineLimit = (bus: Bus) => Math.floor(Math.min(bus.maxPayload, bus.maxKvValue) / 2);
/** Versions kept in the object store: a slow actor can still fetch a recent one. */
const KEEP_VERSIONS = 3;

/** Opened once per bus and buckets: opening a bucket is a round trip to the server, each version would pay it. A failed open is tried again next time. */
const opened = new WeakMap<Bus, Map<string, () => Promise<{ kv: KeyValue; objects: ObjectStore }>>>();

function stores(bus: Bus, s: Subjects): Promise<{ kv: KeyValue; objects: ObjectStore }> {
  let byBuckets = opened.get(bus);
  if (!byBuckets) opened.set(bus, (byBuckets = new Map()));
  const key = `${s.buckets.kv}\n${s.buckets.weights}`;
  let open = byBuckets.get(key);
  if (!open) {
    open = sharedUntilRejected(() => Promise.all([bus.kv(s.buckets.kv), bus.objects(s.buckets.weights)]).then(([kv, objects]) => ({ kv, objects })));
    byBuckets.set(key, open);
  }
  return open();
}

export async function publishWeights(bus: Bus, s: Subjects, version: number, weights: WeightsExport): Promise<WeightsAnnounce> {
  const { kv, objects } = await stores(bus, s);
  let announce: WeightsAnnounce;
  if (weights.ref) {
    announce = { version, ref: weights.ref, bytes: weights.ref.bytes, shapeKey: weights.shapeKey, publishedAtMs: Date.now() };
  } else if (weights.blob.byteLength <= inlineLimit(bus)) {
    announce = { version, inline: weights.blob, bytes: weights.blob.byteLength, shapeKey: weights.shapeKey, publishedAtMs: Date.now() };
  } else {
    const object = `v${version}`;
    await objects.put(object, weights.blob);
    announce = { version, object, bytes: weights.blob.byteLength, shapeKey: weights.shapeKey, publishedAtMs: Date.now() };
  }
  const bytes = encode(announce);
  await kv.put(LATEST, bytes);
  await bus.publish(s.weights, bytes);
  const old = `v${version - KEEP_VERSIONS}`;
  if (announce.object && version >= KEEP_VERSIONS) await objects.delete(old).catch(() => {});
  return announce;
}

/** What the follower loads weights into: a Sampler, seen only through these two members. */
export interface WeightsTarget {
  readonly version: number;
  loadWeights(version: number, weights: Uint8Array | WeightsRef): Promise<void>;
}

/** Announcements a follower remembers: enough to fall back past a few it must not follow. */
const REMEMBERED = 16;
/** How far ahead of this host's clock a publication time may be (clock skew between hosts). */
const MAX_CLOCK_SKEW_MS = 60_000;

/**
 * Tracks the announced versions and loads the newest it may follow into a
 * sampler on demand. It may follow a version at most the scheduler's version
 * clock (bound(), from each Acquire: the learner publishes a version only
 * after committing it, so a higher one was not published by the learner),
 * published no later than a minute ahead of this host's clock. Of those, the
 * newest publication wins (a learner resumed from an older checkpoint
 * republishes that version, and rollouts must follow it).
 */
export class WeightsFollower {
  private announced: WeightsAnnounce[] = [];
  private clock = 0; // nothing is followed before the first Acquire says where the clock is
  private waiters: (() => void)[] = [];
  private unsubscribe: () => void = () => {};

  private constructor(private readonly bus: Bus, private readonly s: Subjects, private readonly log: Logger, private readonly counters: Counters, private readonly objects: ObjectStore) {}

  static async start(bus: Bus, s: Subjects, log: Logger, counters: Counters): Promise<WeightsFollower> {
    const { kv, objects } = await stores(bus, s);
    const f = new WeightsFollower(bus, s, log, counters, objects);
    const sub = bus.subscribe(s.weights);
    f.unsubscribe = () => sub.unsubscribe();
    void (async () => {
      for await (const m of sub) f.offer(m.data);
    })();
    const current = await kv.get(LATEST);
    if (current) f.offer(current);
    return f;
  }

  private offer(bytes: Uint8Array): void {
    const c = checkMessage(WeightsAnnounce, bytes);
    if (!c.ok) {
      this.counters.inc('weights.bad_announce');
      this.log.warn('ignored a bad weights announcement', { reason: c.reason });
      return;
    }
    if (!Number.isFinite(c.value.publishedAtMs) || c.value.publishedAtMs > Date.now() + MAX_CLOCK_SKEW_MS) {
      this.counters.inc('weights.bad_announce');
      this.log.warn('ignored a weights announcement published in the future', { version: c.value.version, publishedAtMs: c.value.publishedAtMs });
      return;
    }
    this.announced = [...this.announced.filter((a) => a.version !== c.value.version), c.value].slice(-REMEMBERED);
    this.wake();
  }

  /** The scheduler's version clock: versions above it are not followed (beyondClock says how many are held back). */
  bound(clock: number): void {
    if (clock === this.clock) return;
    this.clock = clock;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const wake of w) wake();
  }

  /** The announcement to follow: the newest publication of a version within the clock. */
  private get latest(): WeightsAnnounce | null {
    let best: WeightsAnnounce | null = null;
    for (const a of this.announced) if (a.version <= this.clock && (!best || a.publishedAtMs >= best.publishedAtMs)) best = a;
    return best;
  }

  get latestVersion(): number {
    return this.latest?.version ?? 0;
  }

  /** Announced versions above the scheduler's clock, which are not followed. */
  get beyondClock(): number {
    return this.announced.filter((a) => a.version > this.clock).length;
  }

  /** Resolves once a version >= `version` is announced, or after timeoutMs / on abort (no error). */
  waitForVersion(version: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waitUntil(() => this.latestVersion >= version, timeoutMs, signal);
  }

  /** Resolves once an announcement published after `afterMs` (epoch) is followed (a restarted learner's), or after timeoutMs / on abort. */
  waitForAnnouncementAfter(afterMs: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waitUntil(() => (this.latest?.publishedAtMs ?? -Infinity) > afterMs, timeoutMs, signal);
  }

  private async waitUntil(done: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** Loads the newest published version into the sampler when it holds another. */
  async syncInto(sampler: WeightsTarget): Promise<void> {
    const a = this.latest;
    if (!a || a.version === sampler.version) return;
    try {
      if (a.ref) {
        await sampler.loadWeights(a.version, a.ref);
      } else if (a.inline) {
        await sampler.loadWeights(a.version, a.inline);
      } else {
        const blob = await this.objects.get(a.object!);
        if (!blob) throw new Error(`object ${a.object} is gone (a newer version replaced it)`);
        await sampler.loadWeights(a.version, blob);
      }
      this.counters.inc('weights.loaded');
      this.log.debug('loaded weights', { version: a.version, bytes: a.bytes });
    } catch (e) {
      this.counters.inc('weights.load_failed');
      this.log.warn('could not load weights; sampling with the ones held', { version: a.version, held: sampler.version, reason: oneLine(e) });
    }
  }

  stop(): void {
    this.unsubscribe();
  }
}
