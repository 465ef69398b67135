// `tribunal diagnose <study-config> [--judge reasoning]`: why a reasoning
// judge overrates the policy trained against it. The final policy of that
// judge's RL run samples held-out prompts; the judge scores each with its
// trace, gold with its own; src/study/judge-diagnosis.ts says which checks of
// the trace go wrong and whether the score follows the trace. --cross RUN
// scores a run's eval samples with every judge the study trained instead.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { intFlag, overrides, parseFlags } from './args.ts';
import { loadStudyConfig, type StudyConfig } from '../study/config.ts';
import { loadConfig } from '../config/load.ts';
import type { ExperimentConfig } from '../config/schema.ts';
import type { EngineConfig } from '../config/engines.ts';
import { testbedWorld } from '../study/study-world.ts';
import { runDir } from '../config/schema.ts';
import { StudyModels } from '../study/study-models.ts';
import { createJudge, createSampler, type EngineContext } from '../backends/registry.ts';
import { testbedVocabulary } from '../testbed/vocabulary.ts';
import { evalPrompts } from '../data/prompts.ts';
import { goldJudge } from '../testbed/gold.ts';
import { diagnose, diagnosisMarkdown, type JudgedSample } from '../study/judge-diagnosis.ts';
import { TribunalError } from '../core/errors.ts';
import { crossJudgeMarkdown, meanScore, type CrossRound } from '../study/cross-judge.ts';
import { readEvalRows } from '../learner/evals-file.ts';
import { SECOND_JUDGE } from '../study/stages.ts';
import type { JudgeMode } from '../config/engines/builtin.ts';
import { NoopLogger } from '../core/logger.ts';

const HELP = `Usage: tribunal diagnose <study-config> [--set path=value]... [--judge NAME] [--on policy|heldout] [--cross RUN] [--prompts N] [--samples K] [--threshold T] [--out FILE]

For a finished study on the synthetic world (either engine): the final policy of
NAME's RL run (default reasoning; reasoning-rl for the RL-only control) samples K
completions (default 4) for each of N held-out prompts (default 200); the judge NAME
scores each, writing its trace; gold scores each with its own. On the samples the
judge overrates (judge - gold > T, default 2) it prints which of the trace's checks
(task, refuse, end, praise, pad) differ from gold's and how, whether the judge's score
follows from its own trace (then the trace is wrong) or not (then the step from trace
to score is), and the worst examples. At study.reasoningEffort medium or high it also
says whether the judge's worked task check (the reference, the content it read) or the
verdict it drew from it is wrong. --on heldout reads the judge on the study's held-out
judge data instead (the distribution it was trained for), to tell an off-distribution
failure from one it has everywhere; --threshold -10 counts every sample. --out writes the markdown to FILE too.

--cross RUN instead scores the held-out samples of every eval round of RL run RUN
(non-reasoning, reasoning, reasoning-rl or gold-reward) with every judge the study
trained, beside gold and the proxy: whether the judges share the blind spot the
policy found (then a second judge cannot warn of it).

Exit 2 for a study that is not on the synthetic world, or not finished.`;

export async function diagnoseCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    judge: { type: 'string' }, on: { type: 'string' }, cross: { type: 'string' }, prompts: { type: 'string' }, samples: { type: 'string' }, threshold: { type: 'string' }, out: { type: 'string' },
  });
  if (values.help) { console.log(HELP); return 0; }
  if (!positionals[0]) throw new TribunalError('BAD_CONFIG', 'missing <study-config>; see tribunal diagnose --help');
  const sc = loadStudyConfig(positionals[0], { sets: overrides(positionals, values.set) });
  if (sc.study.data.source !== 'testbed') {
    throw new TribunalError('BAD_CONFIG', 'tribunal diagnose reads the synthetic world\'s traces: it needs a study on the testbed data (study.data.source testbed)');
  }
  if (values.cross !== undefined) return crossJudges(sc, values.cross, values.out);
  const judgeName = values.judge ?? 'reasoning';
  if (judgeName !== 'reasoning' && judgeName !== 'reasoning-rl') throw new TribunalError('BAD_CONFIG', `--judge: a reasoning judge (reasoning or reasoning-rl), got ${judgeName}`);
  const dir = resolve(runDir(sc.base));
  const run = join(dir, 'runs', judgeName);
  if (!StudyModels.finished(run)) throw new TribunalError('BAD_CONFIG', `${run} holds no final weights: the ${judgeName} RL run of this study has not finished (run tribunal study first)`);
  const models = new StudyModels(sc, dir);
  const cfg = loadConfig(join(run, 'config.json'));
  const ctx = scoringContext(sc.base.run.seed, cfg.rl.temperature);
  const n = intFlag(values.prompts, 'prompts') ?? 200, k = intFlag(values.samples, 'samples') ?? 4;
  const threshold = values.threshold === undefined ? 2 : Number(values.threshold);
  if (!Number.isFinite(threshold)) throw new TribunalError('BAD_CONFIG', `--threshold: a number, got ${values.threshold}`);

  const on = values.on ?? 'policy';
  if (on !== 'policy' && on !== 'heldout') throw new TribunalError('BAD_CONFIG', `--on: policy or heldout, got ${on}`);
  const judge = await createJudge(models.judgeEngine('reasoning', judgeName), ctx);
  try {
    // What the judge is read on: its policy's late samples, or the held-out judge data it was trained for.
    const pairs = on === 'policy' ? await policySamples(await models.finalPolicyEngine(run), ctx, cfg, n, k) : testbedWorld(sc).judgeEval.map(({ prompt, response }) => ({ prompt, response }));
    const samples: JudgedSample[] = [];
    for (let i = 0; i < pairs.length; i += 64) {
      const batch = pairs.slice(i, i + 64);
      const verdicts = await judge.scorePointwise(batch);
      batch.forEach(({ prompt, response }, j) => {
        const g = goldJudge(prompt, response, sc.study.reasoningEffort);
        const v = verdicts[j];
        samples.push({ prompt, response, judgeScore: v.expected ?? v.score ?? 0, judgeTrace: v.reasoningText ?? '', goldScore: g.score, goldTrace: g.trace.join(' ') });
      });
    }
    const what = on === 'policy' ? 'its final policy' : 'the held-out judge data';
    const md = diagnosisMarkdown(diagnose(samples, threshold), `${judgeName} judge on ${what} (${sc.base.run.id}, seed ${sc.base.run.seed})`);
    console.log(md);
    if (values.out) await writeFile(values.out, md);
    return 0;
  } finally {
    await judge.close();
  }
}

/** K completions of the final policy for each of N held-out prompts. */
async function policySamples(policy: EngineConfig, ctx: EngineContext, cfg: ExperimentConfig, n: number, k: number): Promise<{ prompt: string; response: string }[]> {
  const sampler = await createSampler(policy, ctx);
  try {
    const out: { prompt: string; response: string }[] = [];
    for (const [i, p] of evalPrompts(cfg, n).entries()) {
      const s = await sampler.sample({ prompt: p.input, n: k, maxNewTokens: cfg.rl.maxNewTokens, temperature: cfg.rl.temperature, seed: ctx.seed * 31 + i });
      for (const c of s.completionsG) out.push({ prompt: p.text, response: c.text });
    }
    return out;
  } finally {
    await sampler.close();
  }
}

/** The study's trained judges, each read as it was trained. */
const STUDY_JUDGES: [name: string, mode: JudgeMode][] = [['non-reasoning', 'direct'], [SECOND_JUDGE, 'direct'], ['reasoning', 'reasoning'], ['reasoning-rl', 'reasoning']];

/** --cross RUN: every eval round's samples of RL run RUN, scored by every judge the study trained. */
async function crossJudges(sc: StudyConfig, runName: string, out: string | undefined): Promise<number> {
  const dir = resolve(runDir(sc.base));
  const run = join(dir, 'runs', runName);
  const rows = existsSync(join(run, 'evals.jsonl')) ? readEvalRows(run) : [];
  if (rows.length === 0) throw new TribunalError('BAD_CONFIG', `--cross ${runName}: ${run} has no eval rounds (an RL run of this study: ${sc.study.runs.join(', ')})`);
  const models = new StudyModels(sc, dir);
  const ctx = scoringContext(sc.base.run.seed, 1);
  // Gold and the proxy of the same samples the judges read (a round keeps a few of its samples, not all).
  const rounds: CrossRound[] = rows.map((r) => ({ step: r.step, samples: r.samples.length, gold: meanScore(r.samples.map((s) => s.gold)), proxy: meanScore(r.samples.map((s) => s.proxy)), judges: {} }));
  for (const [name, mode] of STUDY_JUDGES.filter(([name]) => models.has(name))) {
    const judge = await createJudge(models.judgeEngine(mode, name), ctx);
    try {
      for (const [i, row] of rows.entries()) {
        const verdicts = await judge.scorePointwise(row.samples.map((s) => ({ prompt: s.prompt, response: s.response })));
        rounds[i].judges[name] = meanScore(verdicts.map((v) => v.expected ?? v.score ?? sc.base.rl.invalidReward));
      }
    } finally {
      await judge.close();
    }
  }
  const md = crossJudgeMarkdown(rounds, `the ${runName} run's samples (${sc.base.run.id}, seed ${sc.base.run.seed})`);
  console.log(md);
  if (out) await writeFile(out, md);
  return 0;
}

/** Engines that only score and sample (nothing trains): the world's words, no optimizer. */
function scoringContext(seed: number, temperature: number): EngineContext {
  return { vocab: testbedVocabulary, temperature, seed, totalSteps: 0, optimizer: { lr: 0, weightDecay: 0, gradClip: 1 }, log: NoopLogger };
}
