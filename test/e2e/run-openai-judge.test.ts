// The production judge path inside a real run: judge actor processes score
// through the openai engine against a local server that answers as vLLM does,
// and the run's token usage is summed per engine role.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetrics } from '../helpers/run-dir.ts';
import { runCli, trivialConfig } from '../helpers/trivial-run.ts';
import { startFakeVllm } from '../../src/testing/fake-vllm.ts';

describe('run - openai judge in a run', () => {
  it('run - judge actors score through a vLLM-shaped server; the run reports its token usage', async () => {
    const vllm = await startFakeVllm({ latencyMs: 5 });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'tribunal-openai-'));
      const cfg = trivialConfig(dir, {
        run: { id: 'openai', dir, steps: 3, seed: 1 },
        rl: { eta: 1, promptsPerStep: 2, groupSize: 2, maxNewTokens: 4, checkpointEvery: 1, lr: 0.1 },
        engines: {
          policy: { backend: 'trivial' },
          judge: { backend: 'openai', baseUrl: vllm.url, model: 'fake-judge', apiKeyEnv: 'TRIBUNAL_TEST_KEY' },
          gold: { backend: 'trivial' },
        },
      });
      const r = await runCli(['run', cfg, '--quiet'], 90_000, { TRIBUNAL_TEST_KEY: 'test-key' });
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      const rows = readMetrics(dir);
      expect(rows).toHaveLength(3);
      // The fake server's score distribution puts the expected score strictly inside 0..9.
      for (const m of rows) expect(m.rewardMean).toBeGreaterThan(0);
      const usage = JSON.parse(readFileSync(join(dir, 'usage-total.json'), 'utf8'));
      expect(usage.judge.requests + usage.judge.cacheHits).toBeGreaterThanOrEqual(6 * 2); // 6 groups x 2 completions
      expect(usage.judge.promptTokens).toBeGreaterThan(0);
      expect(vllm.requests.length).toBeGreaterThanOrEqual(1);
    } finally {
      await vllm.close();
    }
  });
});
