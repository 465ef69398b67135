// Asynchronous vs synchronous RL: the same experiment (same seeds, steps and
// model; 1 rollout, 1 judge, 1 learner, each its own process via launchRun)
// with eta = 0 (synchronous: sampling waits for training and back) and eta = 4
// (sampling overlaps training). The builtin transformer makes sampling and
// training real CPU work; the model (dModel 52) is sized so that in the sync
// run sampling a batch and training on it cost about the same, where perfect
// overlap on two cores would give 2x. Per run: seconds per learner step
// (after warm-up steps) and the learner's idle fraction, 1 - (time inside
// learner steps, metrics stepMs) / (wall time between steps): the share spent
// waiting for data or for anything else between steps.
// Runs come in pairs (eta 0 and eta 4, the order alternating from pair to
// pair so drifting load from other processes hits both alike); each pair
// gives one speedup, sync s/step / async s/step. Per eta it also prints where
// the time goes: the learner's step phases and each group's hops (median and
// p90, from the timeline in metrics.jsonl: src/learner/pipeline-timeline.ts).
// The LAST line is `speedup median M (min A, max B over N pairs) ...`.
// Run: node --import tsx bench/async-vs-sync.ts [steps=30] [warmupSteps=5] [pairs=3]
import { ACTOR_LOOPS } from '../actors/index.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.ts';
import { launchRun } from '../src/launcher/launch.ts';
import { NoopLogger } from '../src/core/logger.ts';
import { readMetricsRows } from '../src/learner/metrics-file.ts';
import { formatTimelineSummary, spread, summarizeTimelines, type StepTimeline, type TimelineSummary } from '../src/learner/pipeline-timeline.ts';
import { loadavg } from 'node:os';

const steps = Number(process.argv[2] ?? 30);
const warmup = Number(process.argv[3] ?? 5);
const pairs = Number(process.argv[4] ?? 3);
if (!Number.isInteger(steps) || !Number.isInteger(warmup) || !Number.isInteger(pairs) || warmup < 1 || steps < warmup + 2 || pairs < 1) {
  console.error('usage: node --import tsx bench/async-vs-sync.ts [steps] [warmupSteps>=1, < steps-1] [pairs>=1]');
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
      policy: { backend: 'builtin', dModel: 52, layers: 2, heads: 4, maxSeqLen: 24, seed: 5 },
      judge: { backend: 'trivial', targetToken: 7 },
      gold: { backend: 'trivial' },
    },
  };
}

interface RunStats { eta: number; secondsPerStep: number; idleFraction: number; dropped: number; wallS: number; timeline: TimelineSummary }

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
    const byStep = new Map(readMetricsRows<Record<string, number> & { step: number; version: number; timeline?: StepTimeline }>(dir).map((m) => [m.step as number, m]));
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
      timeline: summarizeTimelines(rows, warmup + 1),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = () => loadavg()[0].toFixed(2);
console.log(`async vs sync: builtin policy (d52, 2 layers), B=8 G=4, 16 new tokens; ${steps} steps, timing steps ${warmup + 1}..${steps}; ${pairs} pairs of runs (eta 0 and 4, order alternating); load average ${load()} at the start`);
const byEta = new Map<number, RunStats[]>([[0, []], [4, []]]);
const speedups: number[] = [];
for (let p = 0; p < pairs; p++) {
  const order = p % 2 === 0 ? [0, 4] : [4, 0];
  const pair = new Map<number, RunStats>();
  for (const eta of order) {
    const r = await run(eta);
    pair.set(eta, r);
    byEta.get(eta)!.push(r);
    console.log(`pair ${p + 1} eta ${eta}: ${r.secondsPerStep.toFixed(3)} s/step, learner idle ${(100 * r.idleFraction).toFixed(0)}%, ${r.dropped} stale groups dropped, run wall ${r.wallS.toFixed(1)} s, load ${load()}`);
  }
  const s = pair.get(0)!.secondsPerStep / pair.get(4)!.secondsPerStep;
  speedups.push(s);
  console.log(`pair ${p + 1}: speedup ${s.toFixed(2)}`);
}
const median = (xs: number[]) => spread(xs).median;
for (const eta of [0, 4]) {
  const rs = byEta.get(eta)!;
  console.log(`eta ${eta}: median ${median(rs.map((r) => r.secondsPerStep)).toFixed(3)} s/step, learner idle median ${(100 * median(rs.map((r) => r.idleFraction))).toFixed(0)}%, stale drops ${rs.map((r) => r.dropped).join('/')}; where the time goes (last run):`);
  for (const line of formatTimelineSummary(rs.at(-1)!.timeline)) console.log(line);
}
// The bound: in the sync run a step is sampling (the learner's wait) then
// training (commit, train, export); perfect overlap leaves the larger of the two.
const sync = byEta.get(0)!.map((r) => r.timeline.step);
const sampleMs = median(sync.map((t) => t.waitMs.median));
const trainMs = median(sync.map((t) => t.commitMs.median + t.trainMs.median + t.exportMs.median));
const ideal = (sampleMs + trainMs) / Math.max(sampleMs, trainMs);
console.log(`sync step: sampling ${sampleMs.toFixed(0)} ms, training ${trainMs.toFixed(0)} ms; perfect overlap without contention would give ${ideal.toFixed(2)}x, and ${(100 * median(speedups) / ideal).toFixed(0)}% of that was reached`);
const idle4 = median(byEta.get(4)!.map((r) => r.idleFraction));
console.log(`speedup median ${median(speedups).toFixed(2)} (min ${Math.min(...speedups).toFixed(2)}, max ${Math.max(...speedups).toFixed(2)} over ${pairs} pairs; eta 4 learner idle ${(100 * idle4).toFixed(0)}%, stale drops ${byEta.get(4)!.reduce((n, r) => n + r.dropped, 0)}; load average ${load()})`);
