// Tribunal against the field's simplest trainer on the same model and machine:
// TRL's synchronous GRPOTrainer (bench/trl_grpo.py, one process) and
// `tribunal run` (examples/toy-torch.yaml: async GRPO, eta 2, torch learner and
// rollouts, the rule judge), on the same local Qwen2 dir (a tiny-random model
// of the given size, the project's own tokenizer, so both read the same
// tokens), task (prompts `prompt 0..9`, reward 9 x the digit fraction), batch
// (8 prompts x 8 completions), tokens (8), learning rate (0.003) and steps.
// Runs come in pairs, the order alternating; each pair gives TRL s/step over
// Tribunal s/step (each the median wall time between steps 3 and 30). Prints
// both reward curves and, LAST, `ratio median M (min A, max B over N pairs) ...`
// (above 1: Tribunal is faster). TRL is bench-only: it goes into a venv of its
// own layered on the trainer's (.cache/bench-trl-venv, bench/requirements-trl.txt).
// Run: node --import tsx bench/vs-trl.ts [--size 384x4] [--pairs 3] [--steps 30]
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ACTOR_LOOPS } from '../actors/index.ts';
import { loadConfig } from '../src/config/load.ts';
import { launchRun } from '../src/launcher/launch.ts';
import { JsonLogger, NoopLogger } from '../src/core/logger.ts';
import { readMetricsRows } from '../src/learner/metrics-file.ts';
import { formatTimelineSummary, spread, summarizeTimelines, type StepTimeline } from '../src/learner/pipeline-timeline.ts';
import { ensureTrainerPython, resolveModelDir, trainerCacheDir, type TrainerPython } from '../src/pyenv/python-env.ts';
import { runChild } from '../src/pyenv/run-child.ts';
import { REPO_ROOT } from '../src/core/repo-root.ts';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '384x4' }, pairs: { type: 'string', default: '3' }, steps: { type: 'string', default: '30' } } });
const pairs = Number(args.pairs), steps = Number(args.steps);
if (!/^\d+x\d+$/.test(args.size!) || !(pairs >= 1) || !(steps >= 6)) {
  console.error('usage: node --import tsx bench/vs-trl.ts [--size <hidden>x<layers>] [--pairs N>=1] [--steps N>=6]');
  process.exit(2);
}
const TASK = { prompts: 8, group: 8, tokens: 8, lr: 0.003, temperature: 1 };
const FROM_STEP = 3; // steps 1-2 warm up (first calls, allocator, caches) in both

const log = new JsonLogger({ kind: 'bench' }, 'warn');
const python = await ensureTrainerPython({ log });
const trl = await benchVenv(python);
const model = await resolveModelDir(`tiny-random:qwen2:1:${args.size}`, python, log);

interface Run { secondsPerStep: number; rewards: number[]; wallS: number; timeline?: string[] }

/** A venv that sees the trainer's packages (a .pth file) and adds TRL to them: the trainer's own stays as it is. */
async function benchVenv(py: TrainerPython): Promise<string> {
  const dir = join(trainerCacheDir(), 'bench-trl-venv');
  const bin = join(dir, 'bin', 'python');
  const has = async () => (await runChild(bin, ['-c', 'import trl, datasets'])).code === 0;
  if (existsSync(bin) && await has()) return bin;
  console.log(`setting up TRL for the bench in ${dir} (once)`);
  const site = (await runChild(py.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { env: py.env })).stdout.trim();
  const base = (await runChild(py.python, ['-c', 'import sys; print(sys._base_executable)'], { env: py.env })).stdout.trim() || 'python3';
  const made = await runChild(base, ['-m', 'venv', dir]);
  if (made.code !== 0) throw new Error(`could not make ${dir}: ${made.tail.join(' | ')}`);
  const venvSite = (await runChild(bin, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'])).stdout.trim();
  writeFileSync(join(venvSite, 'tribunal-trainer.pth'), `${site}\n`);
  const pipArgs = (process.env.TRIBUNAL_PIP_ARGS ?? '').split(/\s+/).filter(Boolean);
  const pip = await runChild(bin, ['-m', 'pip', 'install', '-q', ...pipArgs, '-r', join(REPO_ROOT, 'bench', 'requirements-trl.txt')], { timeoutMs: 15 * 60_000 });
  if (pip.code !== 0 || !await has()) throw new Error(`could not install TRL into ${dir}: ${pip.tail.slice(-3).join(' | ')}`);
  return bin;
}

async function runTrl(): Promise<Run> {
  const t0 = performance.now();
  const r = await runChild(trl, [join(REPO_ROOT, 'bench', 'trl_grpo.py'), '--model', model, '--steps', String(steps), '--prompts', String(TASK.prompts),
    '--group', String(TASK.group), '--tokens', String(TASK.tokens), '--lr', String(TASK.lr), '--temperature', String(TASK.temperature),
    '--threads', String(availableParallelism())], { env: python.env, timeoutMs: 30 * 60_000 });
  if (r.code !== 0) throw new Error(`TRL failed: ${r.tail.slice(-5).join(' | ')}`);
  const rows = r.stdout.split('\n').filter((l) => l.startsWith('{"step"')).map((l) => JSON.parse(l) as { step: number; reward: number; s: number });
  if (rows.length !== steps) throw new Error(`TRL logged ${rows.length} steps, expected ${steps}`);
  return { secondsPerStep: spread(rows.filter((x) => x.step >= FROM_STEP).map((x) => x.s)).median, rewards: rows.map((x) => x.reward), wallS: (performance.now() - t0) / 1000 };
}

async function runTribunal(i: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'tribunal-vs-trl-'));
  try {
    const path = join(dir, 'experiment.json');
    const cfg = loadConfig(join(REPO_ROOT, 'examples', 'toy-torch.yaml'));
    const engine = { ...cfg.engines.policy, model };
    writeFileSync(path, JSON.stringify({
      ...cfg, run: { ...cfg.run, id: `vs-trl-${i}`, dir, steps, dashboard: { ...cfg.run.dashboard, enabled: false } },
      rl: { ...cfg.rl, promptsPerStep: TASK.prompts, groupSize: TASK.group, maxNewTokens: TASK.tokens, lr: TASK.lr, temperature: TASK.temperature },
      engines: { ...cfg.engines, policy: engine },
    }));
    const t0 = performance.now();
    const result = await launchRun({ cfg: loadConfig(path), actorLoops: ACTOR_LOOPS, log: NoopLogger });
    const wallS = (performance.now() - t0) / 1000;
    if (result.exitCode !== 0) throw new Error(`tribunal run exited ${result.exitCode}; logs in ${dir}/logs`);
    const byStep = new Map(readMetricsRows<{ step: number; version: number; rewardMean: number; timeline: StepTimeline }>(dir).filter((m) => m.step && m.timeline).map((m) => [m.step, m]));
    const rows = [...byStep.values()].sort((a, b) => a.step - b.step);
    if (rows.length !== steps) throw new Error(`tribunal wrote ${rows.length} step rows, expected ${steps}`);
    // Wall time per step: between the moments consecutive steps took their batches.
    const gaps = rows.slice(FROM_STEP).map((m, k) => (m.timeline.atMs - rows[FROM_STEP - 1 + k].timeline.atMs) / 1000);
    return { secondsPerStep: spread(gaps).median, rewards: rows.map((m) => m.rewardMean), wallS, timeline: formatTimelineSummary(summarizeTimelines(rows, FROM_STEP)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const curve = (xs: number[]) => xs.map((x, k) => (k % 3 === 0 || k === xs.length - 1 ? `${k + 1}:${x.toFixed(1)}` : null)).filter(Boolean).join(' ');
const first3 = (xs: number[]) => xs.slice(0, 3).reduce((a, b) => a + b, 0) / 3;
const last3 = (xs: number[]) => xs.slice(-3).reduce((a, b) => a + b, 0) / 3;

console.log(`model ${model} (qwen2 ${args.size}), ${steps} steps of ${TASK.prompts} prompts x ${TASK.group} completions x ${TASK.tokens} tokens, lr ${TASK.lr}, ${availableParallelism()} cores`);
const ratios: number[] = [];
let lastTribunal: Run | null = null;
for (let p = 0; p < pairs; p++) {
  const order = p % 2 === 0 ? ['trl', 'tribunal'] as const : ['tribunal', 'trl'] as const;
  const got: Partial<Record<'trl' | 'tribunal', Run>> = {};
  for (const who of order) got[who] = who === 'trl' ? await runTrl() : await runTribunal(p);
  const [t, r] = [got.trl!, got.tribunal!];
  lastTribunal = r;
  ratios.push(t.secondsPerStep / r.secondsPerStep);
  console.log(`pair ${p + 1} (${order.join(' first, ')} second):`);
  for (const [name, x] of [['TRL GRPOTrainer', t], ['tribunal run', r]] as const) {
    console.log(`  ${name.padEnd(16)} ${x.secondsPerStep.toFixed(3)} s/step (median, steps ${FROM_STEP}-${steps}), whole run ${x.wallS.toFixed(1)} s, reward first 3 -> last 3 steps ${first3(x.rewards).toFixed(2)} -> ${last3(x.rewards).toFixed(2)}, at step ${steps} ${x.rewards.at(-1)!.toFixed(2)}`);
    console.log(`  ${''.padEnd(16)} reward by step ${curve(x.rewards)}`);
  }
}
console.log('where tribunal\'s time goes (last pair):');
for (const line of lastTribunal?.timeline ?? []) console.log(line);
const s = [...ratios].sort((a, b) => a - b);
console.log(`ratio median ${spread(ratios).median.toFixed(2)} (min ${s[0].toFixed(2)}, max ${s.at(-1)!.toFixed(2)} over ${pairs} pairs): TRL s/step / tribunal s/step, qwen2 ${args.size}, ${availableParallelism()} cores`);
