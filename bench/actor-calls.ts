// Actor-call throughput: callActor/serveCalls over NatsBus against raw nats.js
// request/reply on the same private nats-server, in the same run. Prints
// calls/s per concurrency; the LAST line is `ratio R` (runtime/raw at concurrency 16).
// Run: node --import tsx bench/actor-calls.ts [durationMs]
import { callActor, serveCalls } from '../src/bus/actor-call.ts';
import { NatsBus } from '../src/bus/nats-bus.ts';
import { encode } from '../src/wire/codec.ts';
import { startNats } from '../src/testing/nats-server.ts';
import { rawConnections } from './raw-connections.ts';

const durationMs = Number(process.argv[2] ?? 3000);
const warmupMs = 500;
const args = { promptId: 'p-000123', version: 7, tokens: [1, 2, 3, 4, 5, 6, 7, 8] };

/** Calls made by `concurrency` loops running `call` for ms; with the time they took. */
async function run(call: () => Promise<unknown>, concurrency: number, ms: number): Promise<{ calls: number; seconds: number }> {
  let calls = 0;
  const endMs = Date.now() + ms;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < endMs) {
        await call();
        calls++;
      }
    }),
  );
  return { calls, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Calls/s of each path, durationMs each in total, measured in alternating
 * slices so that load from other processes on the machine hits both alike.
 */
async function measurePair(a: () => Promise<unknown>, b: () => Promise<unknown>, concurrency: number): Promise<[number, number]> {
  const slices = 6;
  const sums = [
    { calls: 0, seconds: 0 },
    { calls: 0, seconds: 0 },
  ];
  await run(a, concurrency, warmupMs);
  await run(b, concurrency, warmupMs);
  for (let i = 0; i < slices; i++) {
    // Swap which goes first each slice, so neither always follows the other.
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const r = await run(k === 0 ? a : b, concurrency, durationMs / slices);
      sums[k].calls += r.calls;
      sums[k].seconds += r.seconds;
    }
  }
  return [sums[0].calls / sums[0].seconds, sums[1].calls / sums[1].seconds];
}

await using nats = await startNats();
const { open, closeAll } = rawConnections(nats.url);

// Raw baseline: the same bytes a runtime call carries, echoed by msg.respond.
const rawServer = await open();
const rawClient = await open();
const rawBody = encode(['echo', args]);
const rawSub = rawServer.subscribe('bench.raw', { queue: 'calls' });
void (async () => {
  for await (const m of rawSub) m.respond(m.data);
})();
const rawCall = () => rawClient.request('bench.raw', rawBody, { timeout: 5000 });

// Runtime: serveCalls on one bus, callActor from another.
const serverBus = new NatsBus(await open());
const clientBus = new NatsBus(await open());
serveCalls(serverBus, 'bench.rt', { echo: (a) => a });
const rtCall = () => callActor(clientBus, 'bench.rt', 'echo', args, { timeoutMs: 5000 });
await Promise.all([rawServer.flush(), serverBus.nc.flush()]);

let ratio16 = 0;
for (const concurrency of [1, 16]) {
  const [raw, rt] = await measurePair(rawCall, rtCall, concurrency);
  const ratio = rt / raw;
  if (concurrency === 16) ratio16 = ratio;
  console.log(`concurrency ${concurrency}: raw ${Math.round(raw)} calls/s, runtime ${Math.round(rt)} calls/s, ratio ${ratio.toFixed(2)}`);
}

await closeAll();
console.log(`ratio ${ratio16.toFixed(2)}`);
