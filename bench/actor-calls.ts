// Actor-call throughput: callActor/serveCalls over NatsBus against raw nats.js
// request/reply on the same private nats-server, in the same run. Prints
// calls/s per concurrency; the LAST line is `ratio R` (runtime/raw at concurrency 16).
// Run: node --import tsx bench/actor-calls.ts [durationMs]
import { connect, type NatsConnection } from 'nats';
import { callActor, serveCalls } from '../src/bus/actor-call.ts';
import { NatsBus } from '../src/bus/nats-bus.ts';
import { encode } from '../src/wire/codec.ts';
import { startNats } from '../test/helpers/nats-server.ts';

const durationMs = Number(process.argv[2] ?? 3000);
const warmupMs = 500;
const args = { promptId: 'p-000123', version: 7, tokens: [1, 2, 3, 4, 5, 6, 7, 8] };

/** Calls/s of `call` with `concurrency` loops running for durationMs. */
async function rate(call: () => Promise<unknown>, concurrency: number, ms: number): Promise<number> {
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
  return calls / ((performance.now() - t0) / 1000);
}

async function measure(call: () => Promise<unknown>, concurrency: number): Promise<number> {
  await rate(call, concurrency, warmupMs);
  return rate(call, concurrency, durationMs);
}

await using nats = await startNats();
const conns: NatsConnection[] = [];
const open = async () => {
  const nc = await connect({ servers: nats.url });
  conns.push(nc);
  return nc;
};

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

// Both paths warm (JIT, connections) before anything is measured.
for (const call of [rawCall, rtCall, rawCall, rtCall]) await rate(call, 16, warmupMs);

let ratio16 = 0;
for (const concurrency of [1, 16]) {
  const raw = await measure(rawCall, concurrency);
  const rt = await measure(rtCall, concurrency);
  const ratio = rt / raw;
  if (concurrency === 16) ratio16 = ratio;
  console.log(`concurrency ${concurrency}: raw ${Math.round(raw)} calls/s, runtime ${Math.round(rt)} calls/s, ratio ${ratio.toFixed(2)}`);
}

for (const nc of conns) await nc.close();
console.log(`ratio ${ratio16.toFixed(2)}`);
