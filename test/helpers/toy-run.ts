// The GRPO toy task with a known optimum: the builtin transformer policy on the
// trivial prompts ("prompt <d>"), rewarded by the trivial judge with 9 x the
// fraction of `targetToken` digits in its response. Emitting only that digit
// earns 9; a random policy over its 15 tokens earns under 1 (most responses
// hold a non-digit and are invalid, reward 0).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ToyOptions {
  eta: number;
  steps: number;
  seed?: number;
  /** Judge target digit. @default 7 */
  targetToken?: number;
}

/** Writes the toy experiment's config into `dir` and returns its path. */
export function toyConfig(dir: string, o: ToyOptions): string {
  const seed = o.seed ?? 1;
  const cfg = {
    run: { id: 'toy', dir, steps: o.steps, seed },
    scheduler: { leaseMs: 5000, heartbeatMs: 300 },
    nats: { ackWaitMs: 10_000, connectGiveUpMs: 20_000 },
    rl: { eta: o.eta, promptsPerStep: 4, groupSize: 8, maxNewTokens: 4, checkpointEvery: 5, lr: 0.01 },
    actors: { rollout: { replicas: 1 }, judge: { replicas: 1 } },
    data: { source: 'trivial', datasetSize: 1000 },
    engines: {
      policy: { backend: 'builtin', dModel: 32, layers: 1, heads: 2, maxSeqLen: 16, seed: seed + 10 },
      judge: { backend: 'trivial', targetToken: o.targetToken ?? 7 },
      gold: { backend: 'trivial' },
    },
  };
  const path = join(dir, 'experiment.json');
  writeFileSync(path, JSON.stringify(cfg));
  return path;
}
