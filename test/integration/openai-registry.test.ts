import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import type { ExperimentConfig } from '../../src/config/schema.ts';
import { createJudge, createSampler, createTrainer, engineContext } from '../../src/backends/registry.ts';
import { encodeLoraRef } from '../../src/backends/openai/lora-sync.ts';
import { isTribunalError } from '../../src/core/errors.ts';
import { Completion } from '../../src/wire/messages.ts';
import { startFakeVllm, type FakeVllm } from '../../src/testing/fake-vllm.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function fake(model: string): Promise<FakeVllm> {
  const f = await startFakeVllm({ model });
  cleanup.push(() => f.close());
  return f;
}

/** A whole experiment config through the real schema (defaults filled), engines on fake vLLM servers. */
function experiment(urls: { policy: string; judge: string; gold: string }, judgeExtra: Record<string, unknown> = {}): ExperimentConfig {
  return parseConfig({
    run: { id: 'registry-test', steps: 3 },
    rl: { promptsPerStep: 2, groupSize: 4, temperature: 0.7, maxNewTokens: 16, lr: 1e-6 },
    engines: {
      policy: { backend: 'openai', baseUrl: urls.policy, model: 'llama-policy', samplerApi: 'chat', loraPrefix: 'pol', retryBaseMs: 5 },
      judge: {
        backend: 'openai', baseUrl: urls.judge, model: 'qwen3-8b-judge', reasoning: 'on',
        temperature: 0.7, topK: 20, topP: 0.95, maxTokens: 4096, retryBaseMs: 5, retryMaxMs: 20, ...judgeExtra,
      },
      gold: { backend: 'openai', baseUrl: urls.gold, model: 'gpt-oss-120b', reasoning: 'high', temperature: 0, maxTokens: 8192, retryBaseMs: 5 },
    },
  }, 'registry-test', { env: {} });
}

const items = [
  { prompt: 'Name a prime above 10.', response: '11' },
  { prompt: 'Translate "chat" to English.', response: 'cat' },
  { prompt: 'Write a haiku about rain.', response: 'Rain taps the window / ...' },
];

describe('openai registry', () => {
  it('openai registry - createJudge builds the training judge and gold from config and scores items', async () => {
    const [judgeSrv, goldSrv] = [await fake('qwen3-8b-judge'), await fake('gpt-oss-120b')];
    goldSrv.opts.scoreProbs = [0, 0, 0, 0.1, 0.8, 0.1, 0, 0, 0, 0];
    const cfg = experiment({ policy: 'http://127.0.0.1:1/v1', judge: judgeSrv.url, gold: goldSrv.url });

    const judge = await createJudge(cfg.engines.judge, engineContext(cfg));
    cleanup.push(() => judge.close());
    const vs = await judge.scorePointwise(items);
    expect(vs).toHaveLength(3);
    for (const v of vs) {
      expect(v).toMatchObject({ valid: true, score: 7 });
      expect(v.expected).toBeCloseTo((5 * 0.05 + 6 * 0.15 + 7 * 0.5 + 8 * 0.2) / 0.9, 5);
      expect(v.reasoningTokens).toBeGreaterThan(0); // thinking on: the fake returns reasoning_content
    }
    expect(judgeSrv.requests).toHaveLength(3);
    expect(judgeSrv.requests[0].body).toMatchObject({
      model: 'qwen3-8b-judge', temperature: 0.7, top_k: 20, top_p: 0.95, max_tokens: 4096,
      logprobs: true, top_logprobs: 20, chat_template_kwargs: { enable_thinking: true },
    });

    const gold = await createJudge(cfg.engines.gold, engineContext(cfg));
    cleanup.push(() => gold.close());
    const gv = await gold.scorePointwise(items.slice(0, 2));
    expect(gv.map((v) => v.score)).toEqual([4, 4]);
    expect(gv[0].expected).toBeCloseTo(4, 5);
    expect(goldSrv.requests[0].body).toMatchObject({ model: 'gpt-oss-120b', temperature: 0, max_tokens: 8192, reasoning_effort: 'high' });
    expect(goldSrv.requests[0].body.top_k).toBeUndefined(); // topK -1 (default): not sent
    expect(judgeSrv.requests).toHaveLength(3); // gold never went to the judge's server
  });

  it('openai registry - the config robustness fields reach the judge: a failing server is UNAVAILABLE after maxRetries', async () => {
    const judgeSrv = await fake('qwen3-8b-judge');
    judgeSrv.opts.always = { kind: 'status', status: 503 };
    const cfg = experiment({ policy: 'http://127.0.0.1:1/v1', judge: judgeSrv.url, gold: 'http://127.0.0.1:1/v1' }, { maxRetries: 2, cache: false });
    const judge = await createJudge(cfg.engines.judge, engineContext(cfg));
    cleanup.push(() => judge.close());
    const err = await judge.scorePointwise(items.slice(0, 1)).catch((e: unknown) => e);
    expect(isTribunalError(err, 'UNAVAILABLE')).toBe(true);
    expect(judgeSrv.requests).toHaveLength(3); // first attempt + 2 retries
  });

  it('openai registry - createSampler draws G completions with the rl settings and follows LoRA versions', async () => {
    const policySrv = await fake('llama-policy');
    const cfg = experiment({ policy: policySrv.url, judge: 'http://127.0.0.1:1/v1', gold: 'http://127.0.0.1:1/v1' });
    const sampler = await createSampler(cfg.engines.policy, { ...engineContext(cfg), seed: 7 });
    cleanup.push(() => sampler.close());
    const r = await sampler.sample({ prompt: 'say hello', n: cfg.rl.groupSize, maxNewTokens: cfg.rl.maxNewTokens, temperature: cfg.rl.temperature });
    expect(r.completionsG).toHaveLength(4);
    for (const c of r.completionsG) expect(Completion.safeParse(c).success).toBe(true);
    expect(policySrv.requests[0].path).toBe('/v1/chat/completions');
    expect(policySrv.requests[0].body).toMatchObject({ model: 'llama-policy', n: 4, max_tokens: 16, temperature: 0.7, logprobs: true });

    await sampler.loadWeights(1, encodeLoraRef('/shared/adapters/v1'));
    expect(sampler.version).toBe(1);
    expect(policySrv.loras.get('pol-v1')).toBe('/shared/adapters/v1');
    await sampler.sample({ prompt: 'again', n: 2, maxNewTokens: 8, temperature: 0.7 });
    expect(policySrv.requests.at(-1)!.body.model).toBe('pol-v1');
  });

  it('openai registry - createTrainer refuses an openai policy with BAD_CONFIG that says why', async () => {
    const cfg = experiment({ policy: 'http://127.0.0.1:1/v1', judge: 'http://127.0.0.1:1/v1', gold: 'http://127.0.0.1:1/v1' });
    const err = await createTrainer(cfg.engines.policy, engineContext(cfg)).then(() => null, (e: unknown) => e);
    expect(isTribunalError(err, 'BAD_CONFIG')).toBe(true);
    expect((err as Error).message).toBe("engines: backend 'openai' cannot serve as the trainer (use backend 'torch' for a Hugging Face model, 'builtin' for the tiny CPU models)");
  });
});
