import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, readConfigFile } from '../../src/config/load.ts';
import type { ExperimentConfig } from '../../src/config/schema.ts';
import { createJudge, createTrainer, engineContext } from '../../src/backends/registry.ts';
import { isTribunalError } from '../../src/core/errors.ts';
import { trainerEngine } from '../../src/config/schema.ts';

const DIR = 'examples';
// Every config in examples/, including ones added later: the directory is the list.
const files = readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
// An empty env: TRIBUNAL_* variables of whoever runs the tests must not change what is checked.
const load = (f: string) => loadConfig(join(DIR, f), { env: {} });

/** A study config is an experiment config plus a `study:` section; its own loader checks both. */
const isStudy = (f: string) => Object.hasOwn((readConfigFile(join(DIR, f)) ?? {}) as object, 'study');
/** The paper's runs (one experiment each); paper-study.yaml is the whole protocol, checked on its own. */
const paperFiles = files.filter((f) => f.startsWith('paper-') && !isStudy(f));
async function validate(f: string): Promise<void> {
  if (!isStudy(f)) {
    load(f);
    return;
  }
  const { loadStudyConfig } = await import('../../src/study/config.ts');
  loadStudyConfig(join(DIR, f), { env: {} });
}

function openai(cfg: ExperimentConfig, role: 'policy' | 'judge' | 'gold') {
  const e = cfg.engines[role];
  if (e.backend !== 'openai') throw new Error(`engines.${role}: expected backend openai, got ${e.backend}`);
  return e;
}

describe('examples config', () => {
  it('examples config - the directory holds the paper configs', () => {
    expect(paperFiles).toEqual(expect.arrayContaining([
      'paper-gold-baseline.yaml', 'paper-pointwise-nonreasoning.yaml', 'paper-pointwise-reasoning.yaml', 'paper-qwen3-4b-reasoning.yaml',
    ]));
  });

  it.each(files)('examples config - %s validates', async (f) => {
    await expect(validate(f)).resolves.toBeUndefined();
  });

  it.each(paperFiles)('examples config - %s has the paper policy GRPO settings', (f) => {
    const { rl, run } = load(f);
    expect(rl).toMatchObject({ lr: 1e-6, promptsPerStep: 1024, groupSize: 8, miniBatches: 4, clipLow: 0.2, clipHigh: 0.3, klBeta: 0, temperature: 0.7, maxNewTokens: 2048 });
    expect(rl.promptsPerStep / rl.miniBatches).toBe(256);
    expect(run.steps).toBe(1200);
  });

  it.each(paperFiles)('examples config - %s: gold is gpt-oss-120b, reasoning high, temperature 0, 8192 tokens', (f) => {
    const gold = openai(load(f), 'gold');
    expect(gold).toMatchObject({ model: 'openai/gpt-oss-120b', reasoning: 'high', temperature: 0, maxTokens: 8192, mode: 'pointwise' });
  });

  it.each(paperFiles)('examples config - %s: policy is Llama-3.1-8B-Instruct on an OpenAI-compatible server', (f) => {
    const policy = openai(load(f), 'policy');
    expect(policy.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(policy.baseUrl).toMatch(/^http:\/\/[a-z-]+:8000\/v1$/);
  });

  it.each(paperFiles.filter((f) => f !== 'paper-gold-baseline.yaml'))('examples config - %s: judge samples at temperature 0.7, top-k 20, top-p 0.95, 4096 tokens', (f) => {
    const judge = openai(load(f), 'judge');
    expect(judge).toMatchObject({ temperature: 0.7, topK: 20, topP: 0.95, maxTokens: 4096, mode: 'pointwise' });
  });

  it('examples config - judge models and thinking modes per file', () => {
    const judgeOf = (f: string) => openai(load(f), 'judge');
    expect(judgeOf('paper-pointwise-nonreasoning.yaml')).toMatchObject({ reasoning: 'off' });
    expect(judgeOf('paper-pointwise-nonreasoning.yaml').model).toMatch(/qwen3-8b/i);
    expect(judgeOf('paper-pointwise-reasoning.yaml')).toMatchObject({ reasoning: 'on' });
    expect(judgeOf('paper-pointwise-reasoning.yaml').model).toMatch(/qwen3-8b/i);
    expect(judgeOf('paper-qwen3-4b-reasoning.yaml')).toMatchObject({ reasoning: 'on' });
    expect(judgeOf('paper-qwen3-4b-reasoning.yaml').model).toMatch(/qwen3-4b/i);
  });

  it('examples config - the gold baseline trains on gold itself', () => {
    const cfg = load('paper-gold-baseline.yaml');
    expect(cfg.engines.judge).toEqual(cfg.engines.gold);
  });

  it('examples config - paper-study.yaml: the paper\'s judges, data sizes and training settings', async () => {
    const { loadStudyConfig } = await import('../../src/study/config.ts');
    const { base, study } = loadStudyConfig(join(DIR, 'paper-study.yaml'), { env: {} });
    expect(base.rl).toMatchObject({ lr: 1e-6, promptsPerStep: 1024, groupSize: 8, miniBatches: 4, clipLow: 0.2, clipHigh: 0.3, klBeta: 0, temperature: 0.7, maxNewTokens: 2048 });
    expect(base.run.steps).toBe(1200);
    expect(study.gold).toMatchObject({ backend: 'openai', model: 'openai/gpt-oss-120b', reasoning: 'high', temperature: 0, maxTokens: 8192, mode: 'pointwise' });
    expect(study).toMatchObject({ backend: 'torch', data: { source: 'preferences' }, judgeExamples: 164000, judgeEvalExamples: 738 });
    expect(study.torch.judgeModel).toMatch(/Qwen3-8B$/);
    expect(study.torch.policyModel).toMatch(/Llama-3.1-8B-Instruct$/);
    expect(study.judgeSft).toMatchObject({ lr: 1e-5, warmup: 0.03, batchSize: 128 });
    expect(study.judgeSft.epochs).toBeGreaterThanOrEqual(1);
    expect(study.judgeSft.epochs).toBeLessThanOrEqual(3);
    // Judge GRPO: batch 2048 = prompts x rollouts, lr 1e-6.
    expect(study.reasoningGrpo.promptsPerStep * study.reasoningGrpo.groupSize).toBe(2048);
    expect(study.reasoningGrpo.lr).toBe(1e-6);
    expect(study.policyWarmup.examples).toBe(0);
    // vLLM samples the policy; the torch learner trains LoRA adapters it loads by reference.
    expect(study.serve.policy).toMatchObject({ backend: 'openai', model: 'meta-llama/Llama-3.1-8B-Instruct', fullWeights: 'none' });
    expect(study.torch.policyLora.rank).toBeGreaterThan(0);
    const gold = await createJudge(study.gold, engineContext(base));
    expect(gold.mode).toBe('pointwise');
    await gold.close();
  });

  it.each(paperFiles)('examples config - %s builds its judges; its learner trains with the torch engine (LoRA, exported to a shared dir)', async (f) => {
    const cfg = load(f);
    for (const role of ['judge', 'gold'] as const) {
      const j = await createJudge(cfg.engines[role], engineContext(cfg)); // construction only: no request goes out
      expect(j.mode).toBe('pointwise');
      await j.close();
    }
    // The header comments say the learner runs the torch engine on LoRA adapters vLLM loads by reference.
    const trainer = trainerEngine(cfg);
    expect(trainer).toMatchObject({ backend: 'torch', gpus: 8, dtype: 'bfloat16', exportDir: '/shared/weights' });
    expect(trainer.backend === 'torch' && trainer.lora.rank).toBeGreaterThan(0);
    // The policy engine (vLLM) samples; it cannot train, and says what can.
    const e = await createTrainer(cfg.engines.policy, engineContext(cfg)).then(() => null, (err: unknown) => err);
    expect(isTribunalError(e) && e.code).toBe('BAD_CONFIG');
    expect((e as Error).message).toMatch(/use backend 'torch'/);
    // Without the model on disk the learner stops at once with one line naming the dir (no Python is provisioned first).
    const missing = await createTrainer(trainer, engineContext(cfg)).then(() => null, (err: unknown) => err);
    expect(isTribunalError(missing) && missing.code).toBe('BAD_CONFIG');
    expect((missing as Error).message).toMatch(/model dir \/models\/Llama-3.1-8B-Instruct does not exist/);
  });
});
