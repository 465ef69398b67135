// The production weight path on a CPU: the torch learner trains a tiny
// random-init HF model with LoRA, exports a PEFT adapter per version, and the
// openai sampler (the vLLM client) hot-loads each by reference from a server
// that answers as vLLM does (tribunal dev-server: the torch engine behind
// vLLM's HTTP shapes), sampling with the adapter's name. Exact token ids come
// back with every completion, so on-policy mismatch stays near zero; the
// adapters change what is sampled, and the policy learns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.ts';
import { launchRun } from '../../src/launcher/launch.ts';
import { startDevServer } from '../../src/backends/registry.ts';
import { TorchEngineConfig } from '../../src/config/engines/torch.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { readMetrics } from '../helpers/run-dir.ts';
import { torchAvailable } from '../helpers/torch.ts';

const skip = torchAvailable() ? false : 'no trainer Python environment (run: tribunal doctor --setup)';

describe.skipIf(skip)('vLLM-shaped torch', () => {
  let server: Awaited<ReturnType<typeof startDevServer>>;
  const dir = mkdtempSync(join(tmpdir(), 'tribunal-vllm-torch-'));
  beforeAll(async () => {
    server = await startDevServer(TorchEngineConfig.parse({ backend: 'torch', model: 'tiny-random:qwen2:1' }), { servedModelName: 'tiny-policy', log: NoopLogger });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('vLLM-shaped torch - the torch learner\'s LoRA adapters are loaded by reference into a vLLM-shaped server; mismatch ~0 on-policy and the policy learns', async () => {
    const steps = 20;
    const cfg = parseConfig({
      run: { id: 'vllm-torch', dir, steps, seed: 2 },
      nats: { ackWaitMs: 20_000 }, scheduler: { heartbeatMs: 500 },
      rl: { eta: 0, promptsPerStep: 8, groupSize: 8, maxNewTokens: 8, lr: 0.05, temperature: 1, checkpointEvery: 5 },
      data: { source: 'trivial' },
      engines: {
        policy: { backend: 'openai', baseUrl: server.url, model: 'tiny-policy', loraPrefix: 'tiny', samplerApi: 'completions', vllmTokenIds: true },
        trainer: { backend: 'torch', model: 'tiny-random:qwen2:1', lora: { rank: 8 } },
        judge: { backend: 'rule' }, gold: { backend: 'rule' },
      },
    });
    const r = await launchRun({ cfg, actorLoops: ACTOR_LOOPS, log: NoopLogger });
    expect(r.exitCode).toBe(0);
    const rows = readMetrics(dir);
    expect(rows.length).toBeGreaterThanOrEqual(steps);
    // Exact token ids and processed logprobs: the trainer's pi_prox equals the server's behaviour logprobs.
    for (const m of rows) expect(m.mismatch).toBeLessThan(1e-3);
    // Each version went in as an adapter by reference: the server holds the newest, read from the learner's export dir.
    const loras = [...server.loras];
    expect(loras).toHaveLength(1);
    expect(loras[0][0]).toMatch(/^tiny-v\d+$/);
    expect(loras[0][1].startsWith(join(dir, 'weights'))).toBe(true);
    // What was sampled changed with the adapters: the digit reward climbed.
    const mean = (xs: Record<string, number>[]) => xs.reduce((a, m) => a + m.rewardMean, 0) / xs.length;
    expect(mean(rows.slice(-3) as Record<string, number>[])).toBeGreaterThan(2 * mean(rows.slice(0, 3) as Record<string, number>[]));
  }, 400_000);
});
