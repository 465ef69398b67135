// The study's judges trained with LoRA (study.torch.judgeLora) and served by a
// vLLM-shaped server (study.serve.judge, fullWeights none): each judge is
// kept as a PEFT adapter on the judges' base model, the reasoning judge's
// GRPO stage continues its SFT adapter, and the static evals and the RL run
// load the adapters into the server by reference and judge through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runStudy } from '../../src/study/study.ts';
import { createJudge, startDevServer } from '../../src/backends/registry.ts';
import { TorchEngineConfig } from '../../src/config/engines/torch.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { readMetrics } from '../helpers/run-dir.ts';
import { torchAvailable } from '../helpers/torch.ts';

const skip = torchAvailable() ? false : 'no trainer Python environment (run: tribunal doctor --setup)';
const EXAMPLE = resolve(import.meta.dirname, '../../examples/tiny-hf-study.yaml');

describe.skipIf(skip)('study - LoRA judges on a vLLM-shaped server', () => {
  let judgeServer: Awaited<ReturnType<typeof startDevServer>>;
  const dir = mkdtempSync(join(tmpdir(), 'tribunal-study-lora-judges-'));
  beforeAll(async () => {
    // The judges' base model, as the study's config names it.
    judgeServer = await startDevServer(TorchEngineConfig.parse({ backend: 'torch', model: 'tiny-random:qwen2:1' }), { servedModelName: 'tiny-judge', log: NoopLogger });
  }, 180_000);
  afterAll(async () => {
    await judgeServer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('study - judges kept as adapters, the reasoning judge\'s GRPO continues its SFT adapter, and the server judges with them', async () => {
    const sc = loadStudyConfig(EXAMPLE, { sets: [
      `run.dir=${dir}`, 'run.steps=2', 'actors.gold.evalEvery=2', 'actors.gold.evalPrompts=4',
      'study.judgeExamples=60', 'study.judgeEvalExamples=20', 'study.policyWarmup.examples=0',
      'study.reasoningGrpo.steps=2', 'study.reasoningGrpo.promptsPerStep=4', 'study.reasoningGrpo.groupSize=2',
      'study.torch.judgeLora.rank=4',
      'study.serve.judge.backend=openai', `study.serve.judge.baseUrl=${judgeServer.url}`, 'study.serve.judge.model=tiny-judge',
      'study.serve.judge.judgeApi=completions', 'study.serve.judge.maxTokens=60', 'study.serve.judge.topLogprobs=1',
    ] });
    sc.study.runs = ['reasoning'];
    const result = await runStudy(sc, { log: NoopLogger, actorLoops: ACTOR_LOOPS, stage: () => {}, progress: () => {} });
    for (const name of ['non-reasoning', 'reasoning-sft', 'reasoning']) {
      expect(existsSync(join(dir, 'models', name, 'adapter_config.json')), `${name} is an adapter`).toBe(true);
      expect(existsSync(join(dir, 'models', name, 'config.json')), `${name} is not a full model`).toBe(false);
    }
    // The judge GRPO run trained the SFT adapter further: its learner loaded the model with that adapter on it.
    expect(readMetrics(join(dir, 'runs', 'judge-grpo')).length).toBeGreaterThanOrEqual(2);
    const learnerLog = readFileSync(join(dir, 'runs', 'judge-grpo', 'logs', 'learner.log'), 'utf8');
    expect(learnerLog).toMatch(new RegExp(`"msg":"torch model loaded".*"adapter":"${join(dir, 'models', 'reasoning-sft')}"`));
    // The server was given the trained reasoning judge last (its RL run), under the run's name for it.
    expect([...judgeServer.loras]).toContainEqual([`${sc.base.run.id}-reasoning`, join(dir, 'models', 'reasoning')]);
    const judge = result.summary.judges.find((j) => j.name === 'reasoning')!;
    expect(judge.staticN).toBe(20);
    expect(readMetrics(join(dir, 'runs', 'reasoning')).length).toBeGreaterThanOrEqual(2);
  }, 600_000);

  it('torch engine - an adapter dir that is not a LoRA export fails in one line naming it', async () => {
    const engine = TorchEngineConfig.parse({ backend: 'torch', model: 'tiny-random:qwen2:1', adapter: join(dir, 'no-such-adapter') });
    await expect(createJudge(engine, { vocab: () => [], temperature: 1, seed: 1, totalSteps: 0, optimizer: { lr: 0, weightDecay: 0, gradClip: 1 }, log: NoopLogger }))
      .rejects.toThrow(/adapter .*no-such-adapter: not a torch trainer's LoRA export/);
  });

  it('study - LoRA judges need a server that loads adapters, full ones a server that reloads dirs', () => {
    const judgeSets = ['study.serve.judge.backend=openai', 'study.serve.judge.baseUrl=http://127.0.0.1:9/v1', 'study.serve.judge.model=j', 'study.serve.judge.judgeApi=completions'];
    expect(() => loadStudyConfig(EXAMPLE, { sets: judgeSets })).toThrow(/study\.serve\.judge: with fullWeights: none the trained judges are loaded as LoRA adapters .*judgeLora\.rank > 0/);
    expect(() => loadStudyConfig(EXAMPLE, { sets: [...judgeSets, 'study.torch.judgeLora.rank=4', 'study.serve.judge.fullWeights=sglang'] })).toThrow(/study\.serve\.judge: fullWeights: sglang reloads full model dirs in place/);
  });
});
