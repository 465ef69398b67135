// The protocol's stages, each a function of the study config that leaves its
// output in the study dir and skips itself when that output is already there
// (so a stopped study resumes). study.ts runs them in order.
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudyConfig } from './config.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import type { EngineConfig } from '../config/engines.ts';
import { createTestbed, type Testbed } from '../testbed/world.ts';
import { policyPrompt } from '../testbed/format.ts';
import { trainJudge, saveWeights } from './train-judge.ts';
import { staticEval, type StaticEvalResult } from './static-eval.ts';
import { createJudge, createTrainer, type EngineContext } from '../backends/registry.ts';
import { sftOnText } from './sft.ts';
import { BuiltinEngineConfig, type JudgeMode } from '../config/engines/builtin.ts';
import { launchRun } from '../launcher/launch.ts';
import type { ChildEvent } from '../launcher/supervisor.ts';
import { learnerStep } from '../launcher/learner-step.ts';
import type { Logger } from '../core/logger.ts';
import type { ActorLoops } from '../runtime/actor-host.ts';
import type { WeightsExport } from '../engines/types.ts';
import { TribunalError } from '../core/errors.ts';

export type RunName = StudyConfig['study']['runs'][number];

export interface StageContext {
  sc: StudyConfig;
  dir: string;
  log: Logger;
  testbed: Testbed;
  /** Progress of the stage in hand: done of total units, and a note. */
  progress(done: number, total: number, note?: string): void;
  onRunEvent?(e: ChildEvent): void;
  signal?: AbortSignal;
  actorLoops: ActorLoops;
}

export function makeTestbed(sc: StudyConfig): Testbed {
  return createTestbed({
    seed: sc.base.run.seed, trainPrompts: 0, evalPrompts: 0,
    judgeExamples: Math.max(sc.study.judgeExamples, sc.study.policyWarmup.examples), judgeEvalExamples: sc.study.judgeEvalExamples,
  });
}

/** A reasoning judge's output: gold's 10-word trace, "score", the digit and <eos>. */
const JUDGE_OUTPUT_TOKENS = 14;

const judgeEngine = (sc: StudyConfig, mode: JudgeMode, weights?: string): BuiltinEngineConfig =>
  BuiltinEngineConfig.parse({ backend: 'builtin', ...sc.study.judgeModel, seed: sc.base.run.seed, judgeMode: mode, weights });

/** Engines of the study's own stages (SFT, static eval) read the testbed's words. */
const stageEngines = (s: StageContext, lr = 0): EngineContext => ({
  vocab: () => s.testbed.vocabulary, temperature: 1, seed: s.sc.base.run.seed, totalSteps: 0,
  optimizer: { lr, weightDecay: 0.01, gradClip: 1 },
});

const policyEngine = (sc: StudyConfig, weights?: string): BuiltinEngineConfig =>
  BuiltinEngineConfig.parse({ backend: 'builtin', ...sc.study.policyModel, seed: sc.base.run.seed, weights });

const GOLD: EngineConfig = { backend: 'testbed-gold' };

/** The study keeps trained models as weight files; engines that export by reference are not wired into it yet. */
function blobOf(w: WeightsExport, what: string): Uint8Array {
  if (!w.blob) throw new TribunalError('BAD_CONFIG', `${what}: this engine exports weights by reference; the study stores blob weights only`);
  return w.blob;
}

export const judgeFile = (dir: string, name: string) => join(dir, 'judges', `${name}.bin`);

/** SFT of the non-reasoning judge (score only) and the reasoning judge (gold trace, then score). */
export async function trainJudges(s: StageContext): Promise<void> {
  const { sc } = s;
  const examples = s.testbed.judgeData.slice(0, sc.study.judgeExamples);
  for (const [name, mode] of [['non-reasoning', 'direct'], ['reasoning-sft', 'reasoning']] as const) {
    const file = judgeFile(s.dir, name);
    if (existsSync(file)) continue;
    const steps = sc.study.judgeSft.epochs * Math.ceil(examples.length / sc.study.judgeSft.batchSize);
    const { weights, losses } = await trainJudge({
      mode, engine: judgeEngine(sc, mode), vocab: s.testbed.vocabulary, examples,
      epochs: sc.study.judgeSft.epochs, batchSize: sc.study.judgeSft.batchSize, lr: sc.study.judgeSft.lr, seed: sc.base.run.seed,
      onProgress: (_e, step, loss) => s.progress(step + 1, steps, `${name} loss ${loss.toFixed(3)}`),
    });
    await saveWeights(file, weights);
    s.log.info('judge trained', { judge: name, finalLoss: losses.at(-1) });
  }
}

/** The reasoning judge's GRPO stage: a Tribunal run whose policy is the judge and whose reward checks its score against gold. */
export async function reasoningGrpo(s: StageContext): Promise<void> {
  const { sc, dir } = s;
  const out = judgeFile(dir, 'reasoning');
  if (existsSync(out)) return;
  const g = sc.study.reasoningGrpo;
  if (g.steps === 0) return void (await copyFile(judgeFile(dir, 'reasoning-sft'), out));
  const runDir = join(dir, 'runs', 'judge-grpo');
  const cfg: ExperimentConfig = {
    ...sc.base,
    run: { ...sc.base.run, id: `${sc.base.run.id}-judge-grpo`, dir: runDir, steps: g.steps },
    // An ill-formed judge output earns the paper's -1 in this stage.
    rl: { ...sc.base.rl, promptsPerStep: g.promptsPerStep, groupSize: g.groupSize, lr: g.lr, temperature: g.temperature, maxNewTokens: JUDGE_OUTPUT_TOKENS, invalidReward: -1 },
    data: { source: 'testbed-judge', datasetSize: sc.study.judgeExamples },
    actors: { ...sc.base.actors, gold: { ...sc.base.actors.gold, replicas: 0 } },
    engines: { policy: judgeEngine(sc, 'reasoning', judgeFile(dir, 'reasoning-sft')), judge: { backend: 'gold-label' }, gold: GOLD },
  };
  await runToEnd(s, cfg, 'judge GRPO');
  await copyFile(join(runDir, 'weights-final.bin'), out);
}


/** Agreement of each trained judge with gold on held-out labelled examples. */
export async function staticEvals(s: StageContext): Promise<Record<string, StaticEvalResult>> {
  const out: Record<string, StaticEvalResult> = {};
  const items = s.testbed.judgeEval;
  for (const [name, mode] of [['non-reasoning', 'direct'], ['reasoning', 'reasoning']] as const) {
    const judge = await createJudge(judgeEngine(s.sc, mode, judgeFile(s.dir, name)), stageEngines(s));
    try {
      out[name] = await staticEval(judge, items);
    } finally {
      await judge.close();
    }
    s.log.info('static eval', { judge: name, ...out[name] });
  }
  const gold = await createJudge(GOLD, stageEngines(s));
  out['gold-reward'] = await staticEval(gold, items).finally(() => gold.close());
  return out;
}

/** The policy's start: SFT on gold-passable off-policy responses (the paper starts from an instruct model). */
export async function warmupPolicy(s: StageContext): Promise<void> {
  const file = join(s.dir, 'policy-init.bin');
  if (existsSync(file)) return;
  const w = s.sc.study.policyWarmup;
  const pairs = s.testbed.judgeData.slice(0, w.examples).filter((ex) => ex.gold >= w.minGold)
    .map((ex) => ({ input: policyPrompt(ex.prompt), target: ex.response }));
  const trainer = await createTrainer(policyEngine(s.sc), stageEngines(s, w.lr));
  try {
    await sftOnText(trainer, pairs, { epochs: w.epochs, batchSize: w.batchSize, seed: s.sc.base.run.seed, onProgress: (_e, step, loss) => s.progress(step + 1, w.epochs * Math.ceil(pairs.length / w.batchSize), `policy warm-up loss ${loss.toFixed(3)}`) });
    await saveWeights(file, blobOf(await trainer.exportWeights(), 'the policy warm-up'));
  } finally {
    await trainer.close();
  }
}

/** One policy RL run against a judge, with gold watching on held-out prompts. */
export async function policyRun(s: StageContext, name: RunName): Promise<string> {
  const { sc, dir } = s;
  const runDir = join(dir, 'runs', name);
  if (existsSync(join(runDir, 'weights-final.bin'))) return runDir;
  const judge: EngineConfig = name === 'gold-reward' ? GOLD
    : judgeEngine(sc, name === 'reasoning' ? 'reasoning' : 'direct', judgeFile(dir, name));
  const cfg: ExperimentConfig = {
    ...sc.base,
    run: { ...sc.base.run, id: `${sc.base.run.id}-${name}`, dir: runDir },
    data: { ...sc.base.data, source: 'testbed' },
    actors: { ...sc.base.actors, gold: { ...sc.base.actors.gold, replicas: Math.max(1, sc.base.actors.gold.replicas) } },
    engines: {
      policy: policyEngine(sc, join(dir, 'policy-init.bin')),
      judge, gold: GOLD,
    },
  };
  await runToEnd(s, cfg, `RL vs ${name} judge`);
  return runDir;
}

async function runToEnd(s: StageContext, cfg: ExperimentConfig, what: string): Promise<void> {
  const resume = existsSync(join(cfg.run.dir!, 'config.json'));
  const r = await launchRun({
    cfg, resume, log: s.log, signal: s.signal, actorLoops: s.actorLoops,
    onEvent: (e) => {
      s.onRunEvent?.(e);
      const row = learnerStep(e);
      if (row && !s.signal?.aborted) s.progress(row.step, cfg.run.steps, `${what}: reward ${row.reward.toFixed(2)}`);
    },
  });
  if (r.exitCode !== 0) throw new TribunalError('INTERNAL', `${what} run failed (exit ${r.exitCode}); logs in ${join(cfg.run.dir!, 'logs')}`);
}
