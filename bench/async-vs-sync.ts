// Asynchronous vs synchronous RL: the same experiment (same seeds, steps and
// model; 1 rollout, 1 judge, 1 learner, each its own process via launchRun)
// with eta = 0 (synchronous: sampling waits for training and back) and eta = 4
// (sampling overlaps training). The builtin transformer makes sampling and
// training real CPU work of similar cost, so on 2 cores the async run should
// approach 2x. Per run: seconds per learner step (after warm-up steps) and the
// learner's idle fraction, 1 - (time inside learner steps, metrics stepMs) /
// (wall time between steps): the share spent waiting for data (and publishing
// weights, which stepMs leaves out).
// The LAST line is `speedup S`: sync s/step / async s/step.
// Run: node --import tsx bench/async-vs-sync.ts [steps=14] [warmupSteps=3]
import { ACTOR_LOOPS } from '../actors/index.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.ts';
import { launchRun } from '../src/launcher/launch.ts';
import { NoopLogger } from '../src/core/logger.ts';
import { readMetricsRows } from '../src/learner/metrics-file.ts';

const steps = Number(process.argv[2] ?? 14);
const warmup = Number(process.argv[3] ?? 3);
if (!Number.isInteger(steps) || !Number.isInteger(warmup) || warmup < 1 || steps < warmup + 2) {
  console.error('usage: node --import tsx bench/async-vs-sync.ts [steps] [warmupSteps>=1, < steps-1]');
  process.exit(2);
}

/** The experiment; only eta differs between the two runs. */
function experiment(dir: string, eta: number) {
  return {
    run: { id: `bench-eta${eta}`, dir, steps, seed: 11 },
    scheduler: { leaseMs: 10_000, heartbeatMs: 500 },
    nats: { ackWaitMs: 30_000, connectGiveUpMs: 20_000 },
    rl: { eta, promptsPerStep: 8, groupSize: 4, maxNewTokens: 16, checkpointEvery: steps, lr: 0.003 },
    actors: { rollout: { replicas: 1 }, judge: { replicas: 1 } },
    data: { source: 'trivial', datasetSize: 1000 },
    engines: {
      policy: { backend: 'builtin', dModel: 64, layers: 2, heads: 4, maxSeqLen: 24, seed: 5 },
      judge: { backend: 'trivial', targetToken: 7 },
      gold: { backend: 'trivial' },
    },
  };
}

interface RunStats { eta: number; secondsPerStep: number; idleFraction: number; dropped: number; wallS: number }

async function run(eta: number): Promise<RunStats> {
  const dir = mkdtempSync(join(tmpdir(), `tribunal-bench-eta${eta}-`));
  try {
    const path = join(dir, 'experiment.json');
    writeFileSync(path, JSON.stringify(experiment(dir, eta)));
    const t0 = performance.now();
    const result = await launchRun({ cfg: loadConfig(path), actorLoops: ACTOR_LOOPS, log: NoopLogger });
    const wallS = (performance.now() - t0) / 1000;
    if (result.exitCode !== 0) throw new Error(`eta ${eta}: run exited ${result.exitCode}; logs in ${dir}/logs`);
    // A resumed learner can repeat a step number; keep the last row of each.
    const byStep = new Map(readMetricsRows<Record<string, number> & { step: number }>(dir).map((m) => [m.step as number, m]));
    const rows = [...byStep.values()].sort((a, b) => a.step - b.step);
    if (rows.length < steps) throw new Error(`eta ${eta}: ${rows.length} metric rows, expected ${steps}`);
    // Window: from the end of warm-up step `warmup` to the end of the last step.
    const window = rows.slice(warmup);
    const spanMs = rows.at(-1)!.t - rows[warmup - 1].t;
    const busyMs = window.reduce((s, m) => s + (m.stepMs as number), 0);
    return {
      eta, wallS,
      secondsPerStep: spanMs / 1000 / window.length,
      idleFraction: 1 - busyMs / spanMs,
      dropped: rows.reduce((s, m) => s + (m.droppedStale as number), 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`async vs sync: builtin policy (d64, 2 layers), B=8 G=4, 16 new tokens; ${steps} steps, timing steps ${warmup + 1}..${steps}; runs in order eta 0, 4, 4, 0 so drifting load from other processes hits both alike`);
const byEta = new Map<number, RunStats[]>([[0, []], [4, []]]);
for (const eta of [0, 4, 4, 0]) {
  const r = await run(eta);
  byEta.get(eta)!.push(r);
  console.log(`eta ${eta}: ${r.secondsPerStep.toFixed(3)} s/step, learner idle ${(100 * r.idleFraction).toFixed(0)}%, ${r.dropped} stale groups dropped, run wall ${r.wallS.toFixed(1)} s`);
}
const mean = (rs: RunStats[], f: (r: RunStats) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
const summary = [0, 4].map((eta) => {
  const rs = byEta.get(eta)!;
  return { eta, sps: mean(rs, (r) => r.secondsPerStep), idle: mean(rs, (r) => r.idleFraction) };
});
for (const s of summary) console.log(`mean eta ${s.eta}: ${s.sps.toFixed(3)} s/step, learner idle ${(100 * s.idle).toFixed(0)}%`);
const [sync, async_] = summary;
console.log(`speedup ${(sync.sps / async_.sps).toFixed(2)} (sync s/step / async s/step; eta 0: ${sync.sps.toFixed(3)} s/step idle ${(100 * sync.idle).toFixed(0)}%, eta 4: ${async_.sps.toFixed(3)} s/step idle ${(100 * async_.idle).toFixed(0)}%)`);
