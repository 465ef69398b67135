// The protocol's stages, each a function of the study config that leaves its
// output in the study dir and skips itself when that output is already there
// (so a stopped study resumes). study.ts runs them in order. What the judges
// learn from is the study world's (study-world.ts); which engines train and
// serve them, and where trained models are kept, study-models.ts's.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudyConfig } from './config.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import type { EngineConfig } from '../config/engines.ts';
import type { JudgeMode } from '../config/engines/builtin.ts';
import { testbedVocabulary } from '../testbed/vocabulary.ts';
import { preferenceWorld, testbedWorld, type StudyWorld } from './study-world.ts';
import { loadTemplate } from '../judging/prompt-template.ts';
import { policyPrompt } from '../testbed/format.ts';
import { judgeSftPair, trainJudge, type JudgeFormat } from './train-judge.ts';
import { POLICY_INIT, StudyModels } from './study-models.ts';
import { staticEval, type StaticEvalResult } from './static-eval.ts';
import { createJudge, createTrainer, loadIntoServer, type EngineContext } from '../backends/registry.ts';
import { sftOnText } from './sft.ts';
import { launchRun } from '../launcher/launch.ts';
import type { ChildEvent } from '../launcher/supervisor.ts';
import { learnerStep } from '../launcher/learner-step.ts';
import type { Logger } from '../core/logger.ts';
import type { ActorLoops } from '../runtime/actor-host.ts';
import { TribunalError } from '../core/errors.ts';
import { forEachPooled } from '../core/for-each-pooled.ts';
import { SideBySideProgress } from './side-by-side-progress.ts';

export type RunName = StudyConfig['study']['runs'][number];

export interface StageContext {
  sc: StudyConfig;
  dir: string;
  log: Logger;
  /** Progress of the stage in hand: done of total units, and a note. */
  progress(done: number, total: number, note?: string): void;
  onRunEvent?(e: ChildEvent): void;
  signal?: AbortSignal;
  actorLoops: ActorLoops;
  /** The labelled judge data (built on first use: for preference data, gold labels it then). */
  world?: Promise<StudyWorld>;
}

/** Engines of the study's own stages (SFT, static eval, labelling); builtin models read the testbed's words. */
const stageEngines = (s: StageContext, lr = 0): EngineContext => ({
  vocab: testbedVocabulary, temperature: 1, seed: s.sc.base.run.seed, totalSteps: 0,
  optimizer: { lr, weightDecay: 0.01, gradClip: 1 }, runDir: s.dir, log: s.log,
});

export function studyWorld(s: StageContext): Promise<StudyWorld> {
  s.world ??= s.sc.study.data.source === 'preferences'
    ? preferenceWorld(s.sc, s.dir, stageEngines(s), s.log, (done, total) => s.progress(done, total, `gold labels ${done}/${total}`))
    : Promise.resolve(testbedWorld(s.sc));
  return s.world;
}

const judgeFormat = (s: StageContext, world: StudyWorld): JudgeFormat =>
  world.format === 'template' ? { kind: 'template', template: loadTemplate(s.sc.study.judgeTemplate, ['prompt', 'response']) } : { kind: 'testbed' };

/** SFT of the non-reasoning judge (score only) and the reasoning judge (gold's reasoning, then score). */
export async function trainJudges(s: StageContext): Promise<void> {
  const { sc } = s;
  const models = new StudyModels(sc, s.dir);
  const world = await studyWorld(s);
  const examples = world.judgeData.slice(0, sc.study.judgeExamples);
  if (examples.length === 0) {
    const l = world.labelling;
    throw new TribunalError('ENGINE', `no gold-labelled examples to train judges on${l ? ` (${l.invalid} invalid, ${l.failed} failed: see the log; run again to retry the failed ones)` : ''}`);
  }
  if (world.format === 'testbed') {
    const words = (t: string) => t.split(' ').filter(Boolean).length;
    models.checkJudgeWindow(Math.max(...examples.map((ex) => { const p = judgeSftPair('reasoning', ex); return words(p.input) + words(p.target); })));
  }
  // [name, mode, seed offset, gold's reasoning shown]. The second judge differs from the first only by
  // its seed (initial weights, data order): an ensemble of two. The RL-only control's start learns the
  // reasoning judge's output format from the labels alone: "score N", no trace.
  type JudgeSft = [name: string, mode: JudgeMode, seedOffset: number, withReasoning: boolean];
  const judges: JudgeSft[] = [
    ['non-reasoning', 'direct', 0, false], ['reasoning-sft', 'reasoning', 0, true],
    ...(secondJudgeWanted(s) ? [[SECOND_JUDGE, 'direct', 1, false] satisfies JudgeSft] : []),
    ...(rlOnlyWanted(s) ? [[RL_ONLY_START, 'reasoning', 0, false] satisfies JudgeSft] : []),
  ];
  const todo = judges.filter(([name]) => !models.has(name));
  const steps = sc.study.judgeSft.epochs * Math.ceil(examples.length / sc.study.judgeSft.batchSize);
  // Each judge's own seed, data order and trainer: trained side by side, each comes out as it would alone.
  const progress = new SideBySideProgress(todo.map(([name]) => name), steps, s.progress);
  const slots = judgeSftSlots(sc);
  if (sc.study.backend === 'torch') s.log.info('judge SFT slots', { judges: todo.length, ...slots });
  await forEachPooled(todo, slots.concurrency, async ([name, mode, seedOffset, withReasoning]) => {
    const shown = withReasoning ? examples : examples.map((ex) => ({ ...ex, reasoning: '' }));
    const base = models.judgeEngine(mode, undefined, { sftSteps: steps });
    const engine = base.backend === 'builtin' ? { ...base, seed: base.seed + seedOffset }
      : base.backend === 'torch' && slots.threads > 0 && base.threads === 0 ? { ...base, threads: slots.threads } : base;
    // Each trainer exports into its own dir: side by side, their versions would share names.
    const { weights, losses } = await trainJudge({
      mode, engine, vocab: world.vocabulary, examples: shown, format: judgeFormat(s, world), log: s.log, runDir: join(s.dir, 'sft', name),
      epochs: sc.study.judgeSft.epochs, batchSize: sc.study.judgeSft.batchSize, lr: sc.study.judgeSft.lr, seed: sc.base.run.seed + seedOffset,
      onProgress: (_e, step, loss) => progress.step(name, step + 1, `loss ${loss.toFixed(3)}`),
    });
    await models.keep(name, weights);
    progress.finish(name);
    s.log.info('judge trained', { judge: name, finalLoss: losses.at(-1) });
  });
}

/**
 * How many judges train at once, and each torch trainer's threads: builtin,
 * study.judgeSft.concurrency or one per core (each trains on its own thread);
 * torch on the CPU (study.torch.device cpu) the same, each trainer given its
 * share of the cores (0: torch's default, when one trains alone); torch on a
 * GPU (or auto) one at a time unless concurrency says (one device).
 */
export function judgeSftSlots(sc: StudyConfig, cores = availableParallelism()): { concurrency: number; threads: number } {
  const asked = sc.study.judgeSft.concurrency;
  const torch = sc.study.backend === 'torch';
  const concurrency = asked > 0 ? asked : !torch || sc.study.torch.device === 'cpu' ? cores : 1;
  return { concurrency, threads: torch && concurrency > 1 ? Math.max(1, Math.floor(cores / concurrency)) : 0 };
}

/** The second judge's name in the study dir. */
export const SECOND_JUDGE = 'non-reasoning-b';

/** A second judge is trained and used unless the study turns it off or serves its judges from a server (one model at a time there). */
const secondJudgeWanted = (s: StageContext) => s.sc.study.secondJudge && !s.sc.study.serve.judge;

/** The RL-only control's SFT start (format only) in the study dir; its GRPO result is 'reasoning-rl'. */
export const RL_ONLY_START = 'reasoning-rl-start';
const rlOnlyWanted = (s: StageContext) => s.sc.study.runs.includes('reasoning-rl');

/** The reasoning judges' GRPO stage: the distilled judge, and the RL-only control when the study runs it. */
export async function reasoningGrpo(s: StageContext): Promise<void> {
  await judgeGrpo(s, 'reasoning', 'reasoning-sft', 'judge-grpo');
  if (rlOnlyWanted(s)) await judgeGrpo(s, 'reasoning-rl', RL_ONLY_START, 'judge-grpo-rl');
}

/** One judge GRPO: a Tribunal run whose policy is the judge `from` and whose reward checks its score against gold; kept as `name`. */
async function judgeGrpo(s: StageContext, name: string, from: string, runName: string): Promise<void> {
  const { sc, dir } = s;
  const models = new StudyModels(sc, dir);
  if (models.has(name)) return;
  const g = sc.study.reasoningGrpo;
  if (g.steps === 0) return models.alias(from, name);
  const world = await studyWorld(s);
  const runDir = join(dir, 'runs', runName);
  let data: ExperimentConfig['data'] = { source: 'testbed-judge', datasetSize: sc.study.judgeExamples, fields: {} };
  let judge: EngineConfig = { backend: 'gold-label' };
  if (world.format === 'template') {
    // The judge prompts with gold's labels: the policy samples the prompts, the reward looks the labels up.
    const format = judgeFormat(s, world);
    const rows = world.judgeData.slice(0, sc.study.judgeExamples).map((ex) => ({ prompt: judgeSftPair('direct', ex, format).input, gold: ex.gold }));
    const labels = join(dir, 'judge-grpo-prompts.jsonl');
    await writeFile(labels, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    data = { source: 'jsonl', path: labels, datasetSize: rows.length, fields: {} };
    judge = { backend: 'gold-label', labels };
  }
  const cfg: ExperimentConfig = {
    ...sc.base,
    run: { ...sc.base.run, id: `${sc.base.run.id}-${runName}`, dir: runDir, steps: g.steps },
    // An ill-formed judge output earns the paper's -1 in this stage.
    rl: { ...sc.base.rl, promptsPerStep: g.promptsPerStep, groupSize: g.groupSize, lr: g.lr, temperature: g.temperature, maxNewTokens: models.judgeOutputTokens, invalidReward: -1 },
    data,
    actors: { ...sc.base.actors, gold: { ...sc.base.actors.gold, replicas: 0 } },
    engines: { ...models.runEngines(models.judgeEngine('reasoning', from), models.judgeEngine('reasoning', from, {})), judge, gold: sc.study.gold },
  };
  await runToEnd(s, cfg, `${name} judge GRPO`);
  await models.keepRunResult(name, runDir);
}

/** The weight_version each trained judge is loaded under into a judge server. */
const SERVED_JUDGE_VERSION = { 'non-reasoning': 1, reasoning: 2, 'reasoning-rl': 3 } as const;

/**
 * The trained judge `name` as an engine: the torch engine on its dir, or the
 * server of study.serve.judge once the dir is loaded into it (SGLang: in
 * place, one judge at a time, as the stages use them one after another;
 * vLLM: as an adapter named after the run and the judge).
 */
async function trainedJudge(s: StageContext, models: StudyModels, mode: JudgeMode, name: keyof typeof SERVED_JUDGE_VERSION): Promise<EngineConfig> {
  const served = s.sc.study.serve.judge;
  if (!served) return models.judgeEngine(mode, name);
  const model = await loadIntoServer(served, models.path(name), { version: SERVED_JUDGE_VERSION[name], adapterName: `${s.sc.base.run.id}-${name}` });
  s.log.info('judge loaded into its server', { judge: name, server: served.baseUrl, dir: models.path(name), model });
  return { ...served, model, promptTemplate: s.sc.study.judgeTemplate };
}

/** Agreement of each trained judge with gold on held-out labelled examples. */
export async function staticEvals(s: StageContext): Promise<Record<string, StaticEvalResult>> {
  const models = new StudyModels(s.sc, s.dir);
  const world = await studyWorld(s);
  const out: Record<string, StaticEvalResult> = {};
  const items = world.judgeEval;
  const judges = [['non-reasoning', 'direct'], ['reasoning', 'reasoning'], ...(rlOnlyWanted(s) ? [['reasoning-rl', 'reasoning'] as const] : [])] as const;
  for (const [name, mode] of judges) {
    const judge = await createJudge(await trainedJudge(s, models, mode, name), stageEngines(s));
    try {
      out[name] = await staticEval(judge, items);
    } finally {
      await judge.close();
    }
    s.log.info('static eval', { judge: name, ...out[name] });
  }
  if (world.labelling) {
    // Gold against its own labels agrees by definition; asking a paid endpoint again would only cost.
    const n = items.length;
    out['gold-reward'] = { alpha: 1, alphaExpected: 1, mae: 0, invalidRate: 0, n, meanReasoningTokens: NaN };
  } else {
    const gold = await createJudge(s.sc.study.gold, stageEngines(s));
    out['gold-reward'] = await staticEval(gold, items).finally(() => gold.close());
  }
  return out;
}

/** The policy's start: SFT on gold-passable off-policy responses (the paper starts from an instruct model). */
export async function warmupPolicy(s: StageContext): Promise<void> {
  const models = new StudyModels(s.sc, s.dir);
  if (models.has(POLICY_INIT) || s.sc.study.policyWarmup.examples === 0) return;
  const world = await studyWorld(s);
  const w = s.sc.study.policyWarmup;
  // The policy reads the prompt as its rollouts will: the testbed's "<prompt> |", or the dataset's prompt itself.
  const pairs = world.judgeData.slice(0, w.examples).filter((ex) => ex.gold >= w.minGold)
    .map((ex) => ({ input: world.format === 'testbed' ? policyPrompt(ex.prompt) : ex.prompt, target: ex.response }));
  const trainer = await createTrainer(models.policyEngine(undefined, true), stageEngines(s, w.lr));
  try {
    await sftOnText(trainer, pairs, { epochs: w.epochs, batchSize: w.batchSize, seed: s.sc.base.run.seed, onProgress: (_e, step, loss) => s.progress(step + 1, w.epochs * Math.ceil(pairs.length / w.batchSize), `policy warm-up loss ${loss.toFixed(3)}`) });
    await models.keep(POLICY_INIT, await trainer.exportWeights());
  } finally {
    await trainer.close();
  }
}

/** One policy RL run against a judge, with gold watching on held-out prompts. */
export async function policyRun(s: StageContext, name: RunName): Promise<string> {
  const { sc, dir } = s;
  const models = new StudyModels(sc, dir);
  const runDir = join(dir, 'runs', name);
  if (StudyModels.finished(runDir)) return runDir;
  const judge: EngineConfig = name === 'gold-reward' ? sc.study.gold : await trainedJudge(s, models, name === 'non-reasoning' ? 'direct' : 'reasoning', name);
  const cfg: ExperimentConfig = {
    ...sc.base,
    run: { ...sc.base.run, id: `${sc.base.run.id}-${name}`, dir: runDir },
    // The testbed's instructions, or the dataset's prompts (data.path, held-out data.evalPath).
    data: sc.study.data.source === 'testbed' ? { ...sc.base.data, source: 'testbed' } : sc.base.data,
    actors: { ...sc.base.actors, gold: { ...sc.base.actors.gold, replicas: Math.max(1, sc.base.actors.gold.replicas) } },
    engines: {
      ...models.policyRunEngines(), judge, gold: sc.study.gold,
      ...(secondJudgeWanted(s) && models.has(SECOND_JUDGE) ? { secondJudge: models.judgeEngine('direct', SECOND_JUDGE) } : {}),
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
