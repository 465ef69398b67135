// Weight sync: the runtime's path (publishWeights -> object store + KV 'latest'
// + announce; K WeightsFollowers see the announcement and syncInto a sampler)
// against the same bytes moved by raw nats.js on the same private nats-server
// in the same run: one JetStream object store putBlob, then K concurrent
// getBlob, one per follower connection. That is the transfer the runtime
// builds on, so the ratio is the runtime's own overhead (codec, KV put,
// announce, schema check, follower wake-up). Both paths delete the object three
// versions back, as the runtime keeps three.
// Prints each round; the LAST line is `ratio R`: runtime time / raw time (the
// median of the rounds' paired ratios; above 1 means the runtime is slower).
// Run: node --import tsx bench/weight-sync.ts [MB=8] [K=4] [rounds=6]
import { randomFillSync } from 'node:crypto';
import { StorageType } from 'nats';
import { connectBus } from '../src/bus/connect.ts';
import type { Bus } from '../src/bus/bus.ts';
import { publishWeights, WeightsFollower } from '../src/runtime/weights.ts';
import { subjectsFor } from '../src/wire/subjects.ts';
import { NoopLogger } from '../src/core/logger.ts';
import { Counters } from '../src/runtime/counters.ts';
import type { Sampler } from '../src/engines/types.ts';
import { startNats } from '../src/testing/nats-server.ts';
import { rawConnections } from './raw-connections.ts';

const mb = Number(process.argv[2] ?? 8);
const k = Number(process.argv[3] ?? 4);
const rounds = Number(process.argv[4] ?? 6);
if (!(mb > 0) || !Number.isInteger(k) || k < 1 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: node --import tsx bench/weight-sync.ts [MB>0] [K>=1] [rounds>=1]');
  process.exit(2);
}
const bytes = Math.round(mb * 1024 * 1024);

/** A rollout-side sampler that only records the blob it was given. */
class RecordingSampler implements Sampler {
  version = 0;
  blob: Uint8Array | null = null;
  async sample(): Promise<never> {
    throw new Error('RecordingSampler does not sample');
  }
  async loadWeights(version: number, blob: Uint8Array): Promise<void> {
    this.blob = blob;
    this.version = version;
  }
  async close(): Promise<void> {}
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array) => a !== null && a.length === b.length && Buffer.compare(a, b) === 0;
const tick = () => new Promise((r) => setTimeout(r, 1));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await using nats = await startNats();
const { open, closeAll } = rawConnections(nats.url);

// Runtime: buses as actors get them (NatsBus + claim-check), one learner, K followers.
const subjects = subjectsFor('bench-weights');
const busOf = () => connectBus({ url: nats.url, claimCheckBucket: subjects.buckets.blobs });
const learnerBus: Bus = await busOf();
const followerBuses: Bus[] = await Promise.all(Array.from({ length: k }, busOf));
const followers = await Promise.all(followerBuses.map((b) => WeightsFollower.start(b, subjects, NoopLogger, new Counters())));
const samplers = followers.map(() => new RecordingSampler());

async function runtimeRound(version: number, blob: Uint8Array): Promise<number> {
  const t0 = performance.now();
  await Promise.all([
    publishWeights(learnerBus, subjects, version, { blob, shapeKey: 'bench' }),
    // Each follower polls as a rollout actor does between groups (every 1 ms here).
    ...followers.map(async (f, i) => {
      while (samplers[i].version !== version) {
        if (f.latestVersion === version) await f.syncInto(samplers[i]);
        else await tick();
      }
    }),
  ]);
  const ms = performance.now() - t0;
  if (!samplers.every((s) => sameBytes(s.blob, blob))) throw new Error(`runtime round ${version}: a follower got other bytes`);
  return ms;
}

// Raw: the same object store transfer through nats.js, no runtime layers.
const rawBucket = 'bench_raw_weights';
const rawPut = await (await open()).jetstream().views.os(rawBucket, { storage: StorageType.File });
const rawGets = await Promise.all(Array.from({ length: k }, async () => (await open()).jetstream().views.os(rawBucket)));

async function rawRound(version: number, blob: Uint8Array): Promise<number> {
  const t0 = performance.now();
  await rawPut.putBlob({ name: `v${version}` }, blob);
  const [got] = await Promise.all([
    Promise.all(rawGets.map((os) => os.getBlob(`v${version}`))),
    version >= 3 ? rawPut.delete(`v${version - 3}`).catch(() => {}) : Promise.resolve(),
  ]);
  const ms = performance.now() - t0;
  if (!got.every((b) => sameBytes(b, blob))) throw new Error(`raw round ${version}: a follower got other bytes`);
  return ms;
}

console.log(`weight sync: ${mb} MB to ${k} followers, ${rounds} rounds each after one warm-up, alternating which goes first`);
const blob = new Uint8Array(bytes);
const times = { runtime: [] as number[], raw: [] as number[], ratio: [] as number[] };
for (let round = 0; round <= rounds; round++) {
  randomFillSync(blob); // new weights each version, as after a learner step
  const version = round + 1;
  const order = round % 2 === 0 ? (['runtime', 'raw'] as const) : (['raw', 'runtime'] as const);
  const ms: Record<string, number> = {};
  for (const path of order) ms[path] = path === 'runtime' ? await runtimeRound(version, blob) : await rawRound(version, blob);
  if (round === 0) {
    console.log(`warm-up: runtime ${ms.runtime.toFixed(1)} ms, raw ${ms.raw.toFixed(1)} ms`);
    continue;
  }
  times.runtime.push(ms.runtime);
  times.raw.push(ms.raw);
  times.ratio.push(ms.runtime / ms.raw);
  console.log(`round ${round}: runtime ${ms.runtime.toFixed(1)} ms, raw ${ms.raw.toFixed(1)} ms, ratio ${(ms.runtime / ms.raw).toFixed(2)}`);
}

for (const f of followers) f.stop();
await Promise.all([learnerBus, ...followerBuses].map((b) => b.close()));
await closeAll();
const rt = median(times.runtime);
const raw = median(times.raw);
const mbps = (ms: number) => ((mb * k) / (ms / 1000)).toFixed(0);
console.log(`median: runtime ${rt.toFixed(1)} ms (${mbps(rt)} MB/s delivered), raw object store ${raw.toFixed(1)} ms (${mbps(raw)} MB/s delivered)`);
console.log(`ratio ${median(times.ratio).toFixed(2)} (runtime/raw time, median of ${rounds} paired rounds; ${mb} MB to ${k} followers)`);
