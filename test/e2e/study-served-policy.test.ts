// The study with its policy and its judges on OpenAI-compatible servers while
// the torch engine trains them. The policy (study.serve.policy): the learner
// trains the base model with LoRA and each version's adapter is loaded into
// the server by reference, as into vLLM. The judges (study.serve.judge): each
// trained judge dir is loaded into the judge server in place, as into SGLang,
// before its static eval and its RL run. Both servers are tribunal dev-server
// (the torch engine behind those HTTP shapes), so sampling and judging are
// real and the learner's logprobs must match the policy server's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runStudy } from '../../src/study/study.ts';
import { loadIntoServer, startDevServer } from '../../src/backends/registry.ts';
import { OpenAIEngineConfig } from '../../src/config/engines/openai.ts';
import { TorchEngineConfig } from '../../src/config/engines/torch.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { readMetrics } from '../helpers/run-dir.ts';
import { torchAvailable } from '../helpers/torch.ts';

const skip = torchAvailable() ? false : 'no trainer Python environment (run: tribunal doctor --setup)';
const EXAMPLE = resolve(import.meta.dirname, '../../examples/tiny-hf-study.yaml');

describe.skipIf(skip)('study - policy and judges on servers', () => {
  let server: Awaited<ReturnType<typeof startDevServer>>;
  let judgeServer: Awaited<ReturnType<typeof startDevServer>>;
  const dir = mkdtempSync(join(tmpdir(), 'tribunal-study-served-'));
  beforeAll(async () => {
    // The policy's base model, as the study's config names it.
    server = await startDevServer(TorchEngineConfig.parse({ backend: 'torch', model: 'tiny-random:qwen2:2' }), { servedModelName: 'tiny-policy', log: NoopLogger });
    judgeServer = await startDevServer(TorchEngineConfig.parse({ backend: 'torch', model: 'tiny-random:qwen2:1' }), { servedModelName: 'tiny-judge', log: NoopLogger });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await judgeServer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('study - the RL run samples from the policy server (LoRA adapters by reference) and is rewarded by the judge server (judge dirs loaded in place)', async () => {
    const sc = loadStudyConfig(EXAMPLE, { sets: [
      `run.dir=${dir}`, 'run.steps=4', 'actors.gold.evalEvery=2', 'actors.gold.evalPrompts=4', 'rl.eta=0',
      'study.judgeExamples=60', 'study.judgeEvalExamples=20', 'study.policyWarmup.examples=0', 'study.reasoningGrpo.steps=0',
      'study.torch.policyLora.rank=4',
      'study.serve.policy.backend=openai', `study.serve.policy.baseUrl=${server.url}`, 'study.serve.policy.model=tiny-policy', 'study.serve.policy.loraPrefix=study-policy',
      'study.serve.judge.backend=openai', `study.serve.judge.baseUrl=${judgeServer.url}`, 'study.serve.judge.model=tiny-judge',
      'study.serve.judge.fullWeights=sglang', 'study.serve.judge.judgeApi=completions', 'study.serve.judge.maxTokens=8', 'study.serve.judge.topLogprobs=1',
    ] });
    sc.study.runs = ['non-reasoning'];
    const result = await runStudy(sc, { log: NoopLogger, actorLoops: ACTOR_LOOPS, stage: () => {}, progress: () => {} });
    expect(existsSync(join(result.dir, 'report', 'report.md'))).toBe(true);
    const runDir = join(dir, 'runs', 'non-reasoning');
    const rows = readMetrics(runDir);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    // On-policy with exact token ids: the learner's logprobs are the server's.
    for (const m of rows) expect(m.mismatch).toBeLessThan(1e-3);
    // The server holds the newest adapter, read from the run's export dir.
    const loras = [...server.loras];
    expect(loras).toHaveLength(1);
    expect(loras[0][0]).toMatch(/^study-policy-v\d+$/);
    expect(loras[0][1].startsWith(join(runDir, 'weights'))).toBe(true);
    // The judge server was last given the non-reasoning judge (its RL run), under its version.
    expect(judgeServer.weights).toEqual({ path: join(dir, 'models', 'non-reasoning'), version: '1' });
    // Its verdicts were the reward: the judge server answered, and the run's rewards are its scores (0-9).
    expect(rows.some((m) => m.rewardMean > 0)).toBe(true);
    const judge = result.summary.judges.find((j) => j.name === 'non-reasoning')!;
    expect(judge.staticN).toBe(20);
    expect(judge.staticInvalidRate).toBeLessThan(1); // the served judge's raw-template answers parse
  }, 600_000);

  it('dev server - a dir it cannot load is refused in one line and the served weights stay', async () => {
    const before = judgeServer.weights;
    const e = OpenAIEngineConfig.parse({ backend: 'openai', baseUrl: judgeServer.url, model: 'tiny-judge', fullWeights: 'sglang', maxRetries: 0 });
    await expect(loadIntoServer(e, join(dir, 'no-such-model'), { version: 9, adapterName: 'unused' })).rejects.toThrow(/refused weights v9 from .*no-such-model: Failed to update weights: .*it keeps serving the weights it held/);
    expect(judgeServer.weights).toEqual(before);
  });

  it('dev server - full weights as into vLLM (/collective_rpc reload_weights): loaded, and a dir it cannot load fails in one line', async () => {
    const e = OpenAIEngineConfig.parse({ backend: 'openai', baseUrl: judgeServer.url, model: 'tiny-judge', fullWeights: 'vllm', maxRetries: 0 });
    const judgeDir = join(dir, 'models', 'non-reasoning'); // trained by the study above
    expect(await loadIntoServer(e, judgeDir, { version: 4, adapterName: 'unused' })).toBe('tiny-judge');
    expect(judgeServer.weights.path).toBe(judgeDir);
    await expect(loadIntoServer(e, join(dir, 'no-such-model'), { version: 5, adapterName: 'unused' })).rejects.toThrow(/failed to reload weights v5 from .*no-such-model \(HTTP 500: .*\)/);
    expect(judgeServer.weights.path).toBe(judgeDir);
  });

  it('study - a judge server must reload in place and read the raw template, each said in one line', () => {
    const judgeSets = ['study.serve.judge.backend=openai', 'study.serve.judge.baseUrl=http://127.0.0.1:9/v1', 'study.serve.judge.model=j'];
    expect(() => loadStudyConfig(EXAMPLE, { sets: [...judgeSets, 'study.serve.judge.judgeApi=completions'] })).toThrow(/study\.serve\.judge: .*fullWeights: sglang/);
    expect(() => loadStudyConfig(EXAMPLE, { sets: [...judgeSets, 'study.serve.judge.fullWeights=sglang'] })).toThrow(/study\.serve\.judge: .*judgeApi: completions/);
  });

  it('study - a served policy with LoRA refuses a warm-up, naming the field', () => {
    expect(() => loadStudyConfig(EXAMPLE, { sets: [
      'study.torch.policyLora.rank=4', 'study.serve.policy.backend=openai', `study.serve.policy.baseUrl=${server.url}`, 'study.serve.policy.model=tiny-policy',
    ] })).toThrow(/study\.serve\.policy: .*study\.policyWarmup\.examples to 0/);
    expect(() => loadStudyConfig(EXAMPLE, { sets: [
      'study.policyWarmup.examples=0', 'study.serve.policy.backend=openai', `study.serve.policy.baseUrl=${server.url}`, 'study.serve.policy.model=tiny-policy',
    ] })).toThrow(/study\.torch\.policyLora\.rank > 0/);
  });
});
