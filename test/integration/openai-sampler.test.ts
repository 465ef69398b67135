import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAISampler } from '../../src/backends/openai/sampler.ts';
import { encodeLoraRef } from '../../src/backends/openai/lora-sync.ts';
import { Completion } from '../../src/wire/messages.ts';
import { isTribunalError } from '../../src/core/errors.ts';
import { startFakeVllm, type FakeVllm } from '../../src/testing/fake-vllm.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(cfg: Record<string, unknown> = {}, fakeOpts: { devMode?: boolean } = {}): Promise<{ fake: FakeVllm; sampler: OpenAISampler }> {
  const fake = await startFakeVllm({ model: 'base-policy', ...fakeOpts });
  const sampler = OpenAISampler.fromConfig({ backend: 'openai', baseUrl: fake.url, model: 'base-policy', retryBaseMs: 5, ...cfg }, { drainMs: 2000 });
  cleanup.push(() => fake.close(), () => sampler.close());
  return { fake, sampler };
}

describe('openai sampler', () => {
  it('openai sampler - n completions with vLLM token ids and behaviour logprobs', async () => {
    const { fake, sampler } = await setup();
    const r = await sampler.sample({ prompt: 'say hello', n: 3, maxNewTokens: 32, temperature: 0.7, seed: 1 });
    expect(r.completionsG).toHaveLength(3);
    for (const c of r.completionsG) expect(Completion.safeParse(c).success).toBe(true);
    expect(r.completionsG[1].text).toBe('sample 1 says hello world');
    expect(r.completionsG[0].logprobsT[0]).toBeCloseTo(-0.05, 5);
    expect(r.completionsG[0].finished).toBe(true);
    expect(sampler.lastTokenIdSource).toBe('server');
    expect(r.promptTokens.length).toBe(2); // the fake tokenizes "say hello" as ["say", " hello"]
    const body = fake.requests[0].body;
    expect(body).toMatchObject({ model: 'base-policy', n: 3, max_tokens: 32, temperature: 0.7, seed: 1, logprobs: 1, return_tokens_as_token_ids: true });
  });

  it('openai sampler - without vLLM extensions, tokens are hashed stably; length cut marks unfinished', async () => {
    const { sampler } = await setup({ vllmTokenIds: false });
    const a = await sampler.sample({ prompt: 'p', n: 1, maxNewTokens: 3, temperature: 1 });
    const b = await sampler.sample({ prompt: 'p', n: 1, maxNewTokens: 3, temperature: 1 });
    expect(sampler.lastTokenIdSource).toBe('hashed');
    expect(a.completionsG[0].tokensT).toEqual(b.completionsG[0].tokensT);
    expect(a.completionsG[0].tokensT.length).toBe(3);
    expect(a.completionsG[0].finished).toBe(false);
  });

  it('openai sampler - chat API reads logprobs.content', async () => {
    const { fake, sampler } = await setup({ samplerApi: 'chat' });
    fake.opts.chatContent = () => 'hi there';
    const r = await sampler.sample({ prompt: 'p', n: 2, maxNewTokens: 8, temperature: 1 });
    expect(r.completionsG).toHaveLength(2);
    expect(r.completionsG[0].tokensT.length).toBe(2);
    expect(sampler.lastTokenIdSource).toBe('server');
  });

  it('openai sampler - a server without logprobs is an ENGINE error, not fake logprobs', async () => {
    const { fake, sampler } = await setup();
    fake.enqueue({ kind: 'no-logprobs' });
    const err = await sampler.sample({ prompt: 'p', n: 1, maxNewTokens: 8, temperature: 1 }).catch((e) => e);
    expect(isTribunalError(err, 'ENGINE')).toBe(true);
  });

  it('openai lora - loadWeights loads the new adapter, samples with it, unloads the old', async () => {
    const { fake, sampler } = await setup();
    await sampler.loadWeights(1, encodeLoraRef('/shared/adapters/v1'));
    expect(sampler.version).toBe(1);
    expect([...fake.loras]).toEqual([['tribunal-policy-v1', '/shared/adapters/v1']]);
    await sampler.sample({ prompt: 'p', n: 1, maxNewTokens: 4, temperature: 1 });
    expect(fake.requests.at(-1)!.body.model).toBe('tribunal-policy-v1');
    await sampler.loadWeights(2, encodeLoraRef('/shared/adapters/v2'));
    expect([...fake.loras.keys()]).toEqual(['tribunal-policy-v2']);
    expect(fake.requests.filter((r) => r.path.includes('lora')).map((r) => [r.path, r.body.lora_name])).toEqual([
      ['/v1/load_lora_adapter', 'tribunal-policy-v1'],
      ['/v1/load_lora_adapter', 'tribunal-policy-v2'],
      ['/v1/unload_lora_adapter', 'tribunal-policy-v1'],
    ]);
    expect(await sampler.lora.servedModels()).toEqual(['base-policy', 'tribunal-policy-v2']);
  });

  it('openai lora - reloading a loaded adapter and unloading a missing one are not errors', async () => {
    const { fake, sampler } = await setup();
    await sampler.lora.load('x', '/a');
    await sampler.lora.load('x', '/a');
    await sampler.lora.unload('x');
    await sampler.lora.unload('x');
    expect(fake.loras.size).toBe(0);
  });

  it('openai lora - a blob that is not a LoRA reference is refused whole', async () => {
    const { fake, sampler } = await setup();
    const err = await sampler.loadWeights(1, new Uint8Array([1, 2, 3])).catch((e) => e);
    expect(isTribunalError(err, 'BAD_WEIGHTS')).toBe(true);
    expect(sampler.version).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('openai sampler - weights by reference', () => {
  const ref = (path: string, kind: 'lora' | 'full', version: number) => ({ path, kind, baseModel: 'base-policy', digest: `sha256:${'a'.repeat(64)}`, version, bytes: 1 });

  it('openai weights - a LoRA reference (a torch learner\'s export) is hot-loaded by its path and sampled by name', async () => {
    const { fake, sampler } = await setup({ loraPrefix: 'pol' });
    await sampler.loadWeights(3, ref('/shared/weights/v0000003', 'lora', 3));
    expect(sampler.version).toBe(3);
    expect(fake.loras.get('pol-v3')).toBe('/shared/weights/v0000003');
    await sampler.sample({ prompt: 'hi', n: 1, maxNewTokens: 4, temperature: 1 });
    expect(fake.requests.at(-1)!.body.model).toBe('pol-v3');
  });

  it('openai weights - full weights go to SGLang in place: reloaded, cache flushed, version checked; a path it cannot read keeps the old weights', async () => {
    const { fake, sampler } = await setup({ fullWeights: 'sglang' });
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-full-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    await sampler.loadWeights(2, ref(dir, 'full', 2));
    expect(sampler.version).toBe(2);
    expect(fake.weights).toEqual({ path: dir, version: '2', flushes: 1 });
    const update = fake.requests.find((r) => r.path === '/update_weights_from_disk')!;
    expect(update.body).toEqual({ model_path: dir, weight_version: '2' });
    await sampler.sample({ prompt: 'hi', n: 1, maxNewTokens: 4, temperature: 1 });
    expect(fake.requests.at(-1)!.body.model).toBe('base-policy'); // full weights replace the base model's
    const err = await sampler.loadWeights(3, ref(join(dir, 'gone'), 'full', 3)).catch((e: unknown) => e);
    expect(isTribunalError(err, 'BAD_WEIGHTS')).toBe(true);
    expect((err as Error).message).toMatch(/refused weights v3 from .*gone.*keeps serving/);
    expect(sampler.version).toBe(2);
    expect(fake.weights.version).toBe('2');
  });

  it('openai weights - full weights go to vLLM in place: reload_weights on its workers, prefix cache reset; a dir it cannot read fails in one line', async () => {
    const { fake, sampler } = await setup({ fullWeights: 'vllm', maxRetries: 0 }, { devMode: true });
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-full-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    await sampler.loadWeights(2, ref(dir, 'full', 2));
    expect(sampler.version).toBe(2);
    expect(fake.requests.map((r) => r.path)).toEqual(['/collective_rpc', '/reset_prefix_cache']);
    expect(fake.requests[0].body).toEqual({ method: 'reload_weights', kwargs: { weights_path: dir } });
    expect(fake.weights).toMatchObject({ path: dir, flushes: 1 });
    await sampler.sample({ prompt: 'hi', n: 1, maxNewTokens: 4, temperature: 1 });
    expect(fake.requests.at(-1)!.body.model).toBe('base-policy');
    const err = await sampler.loadWeights(3, ref(join(dir, 'gone'), 'full', 3)).catch((e: unknown) => e);
    expect(isTribunalError(err, 'BAD_WEIGHTS')).toBe(true);
    expect((err as Error).message).toMatch(/failed to reload weights v3 from .*gone \(HTTP 500/);
    expect(fake.requests.filter((r) => r.path === '/collective_rpc')).toHaveLength(2); // a failed reload is not retried
    expect(sampler.version).toBe(2);
    expect(fake.weights.path).toBe(dir);
  });

  it('openai weights - a vLLM without its dev-mode routes is named with the flag to set', async () => {
    const { sampler } = await setup({ fullWeights: 'vllm' });
    const err = await sampler.loadWeights(1, ref('/x', 'full', 1)).catch((e: unknown) => e);
    expect(isTribunalError(err, 'BAD_CONFIG')).toBe(true);
    expect((err as Error).message).toMatch(/no \/collective_rpc: start vLLM with VLLM_SERVER_DEV_MODE=1/);
    expect(sampler.version).toBe(0);
  });

  it('openai weights - without fullWeights a full reference is refused with what to set', async () => {
    const { sampler } = await setup();
    const err = await sampler.loadWeights(1, ref('/x', 'full', 1)).catch((e: unknown) => e);
    expect(isTribunalError(err, 'BAD_WEIGHTS')).toBe(true);
    expect((err as Error).message).toMatch(/fullWeights: sglang/);
    expect(sampler.version).toBe(0);
  });
});
