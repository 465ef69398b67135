// The study with its policy sampled by an OpenAI-compatible server while the
// torch engine trains it (study.serve.policy): the learner trains the base
// model with LoRA and each version's adapter is loaded into the server by
// reference, as into vLLM. The server here is tribunal dev-server (the torch
// engine behind vLLM's HTTP shapes), so sampling is real and the learner's
// logprobs must match the server's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadStudyConfig } from '../../src/study/config.ts';
import { runStudy } from '../../src/study/study.ts';
import { startDevServer } from '../../src/backends/registry.ts';
import { TorchEngineConfig } from '../../src/config/engines/torch.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import { ACTOR_LOOPS } from '../../actors/index.ts';
import { readMetrics } from '../helpers/run-dir.ts';
import { torchAvailable } from '../helpers/torch.ts';

const skip = torchAvailable() ? false : 'no trainer Python environment (run: tribunal doctor --setup)';
const EXAMPLE = resolve(import.meta.dirname, '../../examples/tiny-hf-study.yaml');

describe.skipIf(skip)('study - policy served by a vLLM-shaped server', () => {
  let server: Awaited<ReturnType<typeof startDevServer>>;
  const dir = mkdtempSync(join(tmpdir(), 'tribunal-study-served-'));
  beforeAll(async () => {
    // The policy's base model, as the study's config names it.
    server = await startDevServer(TorchEngineConfig.parse({ backend: 'torch', model: 'tiny-random:qwen2:2' }), { servedModelName: 'tiny-policy', log: NoopLogger });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('study - the RL run samples from the server, each version loaded into it as a LoRA adapter by reference', async () => {
    const sc = loadStudyConfig(EXAMPLE, { sets: [
      `run.dir=${dir}`, 'run.steps=4', 'actors.gold.evalEvery=2', 'actors.gold.evalPrompts=4', 'rl.eta=0',
      'study.judgeExamples=60', 'study.judgeEvalExamples=20', 'study.policyWarmup.examples=0', 'study.reasoningGrpo.steps=0',
      'study.torch.policyLora.rank=4',
      'study.serve.policy.backend=openai', `study.serve.policy.baseUrl=${server.url}`, 'study.serve.policy.model=tiny-policy', 'study.serve.policy.loraPrefix=study-policy',
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
  }, 600_000);

  it('study - a served policy with LoRA refuses a warm-up, naming the field', () => {
    expect(() => loadStudyConfig(EXAMPLE, { sets: [
      'study.torch.policyLora.rank=4', 'study.serve.policy.backend=openai', `study.serve.policy.baseUrl=${server.url}`, 'study.serve.policy.model=tiny-policy',
    ] })).toThrow(/study\.serve\.policy: .*study\.policyWarmup\.examples to 0/);
    expect(() => loadStudyConfig(EXAMPLE, { sets: [
      'study.policyWarmup.examples=0', 'study.serve.policy.backend=openai', `study.serve.policy.baseUrl=${server.url}`, 'study.serve.policy.model=tiny-policy',
    ] })).toThrow(/study\.torch\.policyLora\.rank > 0/);
  });
});
