// A real model with the CPU demos' defaults left in place: one warning per
// default, naming the field; tiny models and set fields get none.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { scaleWarnings } from '../../src/config/scale-warnings.ts';
import { studyScaleWarnings } from '../../src/study/preflight.ts';
import { StudySection } from '../../src/study/config.ts';

describe('config - scale warnings', () => {
  it('a real torch model with every toy default: rl.lr, rl.maxNewTokens and microBatchSize, each named', () => {
    const w = scaleWarnings(parseConfig({ engines: { policy: { backend: 'torch', model: '/models/Qwen2.5-7B' } } }));
    expect(w).toHaveLength(3);
    expect(w[0]).toMatch(/^rl\.lr is the CPU demos' default 0\.003 on \/models\/Qwen2\.5-7B: .*set rl\.lr$/);
    expect(w[1]).toMatch(/^rl\.maxNewTokens is the CPU demos' default 12/);
    expect(w[2]).toMatch(/^engines\.policy\.microBatchSize is 0 .*set microBatchSize/);
  });

  it('what is set is not warned of; tiny models and toy engines get nothing', () => {
    const set = parseConfig({ rl: { lr: 1e-6, maxNewTokens: 2048 }, engines: { policy: { backend: 'torch', model: '/m', microBatchSize: 4 } } });
    expect(scaleWarnings(set)).toEqual([]);
    expect(scaleWarnings(parseConfig({ engines: { policy: { backend: 'torch', model: 'tiny-random:qwen2:1' } } }))).toEqual([]);
    expect(scaleWarnings(parseConfig({}))).toEqual([]);
    // A vLLM-served policy trained by torch: the trainer's microBatchSize is named under engines.trainer.
    const served = scaleWarnings(parseConfig({ rl: { lr: 1e-6, maxNewTokens: 512 }, engines: { policy: { backend: 'openai', baseUrl: 'http://v:8000/v1', model: 'p' }, trainer: { backend: 'torch', model: '/m' } } }));
    expect(served).toEqual([expect.stringMatching(/^engines\.trainer\.microBatchSize is 0/)]);
  });

  it('a study on a real base model is warned of the same, its microBatchSize under study.torch', () => {
    const sc = (study: Record<string, unknown>) => ({ base: parseConfig({}), study: StudySection.parse(study) });
    expect(studyScaleWarnings(sc({ backend: 'torch', torch: { policyModel: '/models/Llama-3.1-8B-Instruct' } }))).toEqual([
      expect.stringMatching(/^rl\.lr/), expect.stringMatching(/^rl\.maxNewTokens/), expect.stringMatching(/^study\.torch\.microBatchSize is 0/),
    ]);
    expect(studyScaleWarnings(sc({ backend: 'torch' }))).toEqual([]);
    expect(studyScaleWarnings(sc({}))).toEqual([]);
  });
});
