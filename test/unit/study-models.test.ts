// Which engine each stage of a torch study gets: trainers on study.torch.gpus
// with the SFT warm-up, samplers and judges on one GPU, and a policy without a
// warm-up starting from its base model.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { StudySection } from '../../src/study/config.ts';
import { POLICY_INIT, StudyModels } from '../../src/study/study-models.ts';

const models = (study: Record<string, unknown>) => new StudyModels({ base: parseConfig({}), study: StudySection.parse(study) }, '/tmp/study');

describe('study - models', () => {
  it('study - a torch trainer runs on study.torch.gpus with the warm-up fraction; its sampler and judges on one GPU', () => {
    const m = models({ backend: 'torch', torch: { judgeModel: '/m/judge', policyModel: '/m/policy', gpus: 8, policyChatTemplate: true }, judgeSft: { warmup: 0.03 } });
    expect(m.judgeEngine('direct', undefined, { sftSteps: 1000 })).toMatchObject({ backend: 'torch', model: '/m/judge', gpus: 8, warmupSteps: 30 });
    expect(m.judgeEngine('reasoning', 'reasoning')).toMatchObject({ model: '/tmp/study/models/reasoning', gpus: 1, warmupSteps: 0, judgeMode: 'reasoning' });
    const sample = m.policyEngine(POLICY_INIT);
    const train = m.policyEngine(POLICY_INIT, true);
    expect(sample).toMatchObject({ model: '/tmp/study/models/policy-init', gpus: 1, chatTemplate: true });
    expect(train).toMatchObject({ model: '/tmp/study/models/policy-init', gpus: 8, chatTemplate: true });
    expect(m.runEngines(sample, train)).toEqual({ policy: sample, trainer: train });
  });

  it('study - a served policy: the server samples, the torch learner trains with LoRA (or exports full weights for SGLang)', () => {
    const serve = { backend: 'openai', baseUrl: 'http://policy-vllm:8000/v1', model: 'llama' };
    const lora = models({ backend: 'torch', torch: { policyModel: '/m/instruct', gpus: 8, policyLora: { rank: 16 } }, policyWarmup: { examples: 0 }, serve: { policy: serve } }).policyRunEngines();
    expect(lora.policy).toMatchObject({ backend: 'openai', model: 'llama' });
    expect(lora.trainer).toMatchObject({ backend: 'torch', model: '/m/instruct', gpus: 8, lora: { rank: 16 } });
    expect(lora.trainer).not.toHaveProperty('exportKind');
    const full = models({ backend: 'torch', serve: { policy: { ...serve, fullWeights: 'sglang' } } }).policyRunEngines();
    expect(full.trainer).toMatchObject({ model: '/tmp/study/models/policy-init', exportKind: 'full' });
    expect(models({ backend: 'torch' }).policyRunEngines()).toMatchObject({ policy: { backend: 'torch', gpus: 1 }, trainer: { backend: 'torch' } });
  });

  it('study - LoRA judges are their base model plus their adapter; a trainer of one continues that adapter', () => {
    const m = models({ backend: 'torch', torch: { judgeModel: '/m/qwen3', judgeLora: { rank: 8 } } });
    expect(m.judgeEngine('direct', undefined, { sftSteps: 10 })).toMatchObject({ model: '/m/qwen3', lora: { rank: 8 } });
    expect(m.judgeEngine('direct', undefined, { sftSteps: 10 })).not.toHaveProperty('adapter');
    expect(m.judgeEngine('reasoning', 'reasoning')).toMatchObject({ model: '/m/qwen3', adapter: '/tmp/study/models/reasoning', lora: { rank: 0 } });
    expect(m.judgeEngine('reasoning', 'reasoning-sft', {})).toMatchObject({ model: '/m/qwen3', adapter: '/tmp/study/models/reasoning-sft', lora: { rank: 8 } });
  });

  it('study - without a policy warm-up RL starts from the base model', () => {
    const m = models({ backend: 'torch', torch: { policyModel: '/m/instruct' }, policyWarmup: { examples: 0 } });
    expect(m.policyEngine(POLICY_INIT)).toMatchObject({ model: '/m/instruct' });
  });

  it('study - builtin runs keep one engine for sampling and training', () => {
    const m = models({});
    const e = m.policyEngine(POLICY_INIT);
    expect(e).toMatchObject({ backend: 'builtin', weights: '/tmp/study/policy-init.bin' });
    expect(m.runEngines(e, m.policyEngine(POLICY_INIT, true))).toEqual({ policy: e });
  });
});
