// Colocated sampling against the real trainer service: a learner's TorchTrainer
// exports each version to its service's sampling copy (a memory reference), a
// ColocatedSampler samples that copy with no service of its own and tags what
// it drew with the version the service says; pi_prox taken from the update's
// own pass trains exactly as a separate logprobs pass does; and a learner's
// service that dies leaves the sampler holding nothing, not sampling stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TorchEngineConfig } from '../../src/config/engines/torch.ts';
import { createSampler, createTrainer, type EngineContext } from '../../src/backends/registry.ts';
import type { TorchTrainer } from '../../src/backends/torch/trainer.ts';
import { ColocatedSampler } from '../../src/backends/torch/colocated-sampler.ts';
import { policyUpdate } from '../../src/learner/policy-update.ts';
import { isTribunalError } from '../../src/core/errors.ts';
import { NoopLogger } from '../../src/core/logger.ts';
import type { SampleRequest, TrainSequence } from '../../src/engines/types.ts';
import type { WeightsRef } from '../../src/wire/messages.ts';
import { torchAvailable } from '../helpers/torch.ts';

const dir = mkdtempSync(join(tmpdir(), 'tribunal-colocated-'));
const engine = TorchEngineConfig.parse({ backend: 'torch', model: 'tiny-random:qwen2:1', startTimeoutMs: 120_000 });
const ctx = (over: Partial<EngineContext> = {}): EngineContext => ({
  vocab: () => [], temperature: 1, seed: 3, totalSteps: 100, runDir: dir, log: NoopLogger,
  optimizer: { lr: 5e-2, weightDecay: 0, gradClip: 1 }, ...over,
});
const skip = torchAvailable() ? false : 'no trainer Python environment (run: tribunal doctor --setup)';
const LOSS = { clipLow: 0.2, clipHigh: 0.3, importanceCap: 2, klBeta: 0 };
const req = (prompt: string, seed: number): SampleRequest => ({ prompt, n: 4, maxNewTokens: 6, temperature: 1, seed });
const rejection = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

describe.skipIf(skip)('torch colocated', () => {
  let trainer: TorchTrainer;
  let sampler: ColocatedSampler;
  let ref: WeightsRef;
  beforeAll(async () => {
    trainer = (await createTrainer(engine, ctx({ colocated: true }))) as TorchTrainer;
    sampler = (await createSampler(engine, ctx({ colocated: true }))) as ColocatedSampler;
  }, 240_000);
  afterAll(async () => {
    await trainer?.close();
    await sampler?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const batchOf = (r: Awaited<ReturnType<ColocatedSampler['sample']>>): TrainSequence[] =>
    r.completionsG.map((c) => ({ promptTokens: r.promptTokens, tokensT: c.tokensT, behaviourLogprobsT: c.logprobsT, advantage: /[0-9]/.test(c.text) ? 1 : -0.5 }));

  it('colocated - a version is the service\'s sampling copy; the sampler tags what it drew with the version the service sampled', async () => {
    expect(sampler).toBeInstanceOf(ColocatedSampler);
    expect(sampler.version).toBe(-1); // nothing held before the learner announces
    expect(isTribunalError(await rejection(sampler.sample(req('red', 1))), 'UNAVAILABLE')).toBe(true);
    ref = (await trainer.exportWeights()).ref!;
    expect(ref).toMatchObject({ kind: 'memory', version: 0 });
    expect(ref.path).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(ref.digest).toMatch(/^instance:[0-9a-f]+$/);
    await sampler.loadWeights(0, ref);
    const a = await sampler.sample(req('the cat', 5));
    expect(a.version).toBe(0);
    // Train one version and export it: the sampler draws it at once, and says so, with no load of its own.
    const stats = await policyUpdate(trainer, batchOf(a), LOSS, 1);
    expect(stats.applied).toBe(true);
    expect(stats.proxMs).toBeLessThan(stats.updateMs);
    await trainer.exportWeights();
    const b = await sampler.sample(req('the cat', 5));
    expect(b.version).toBe(1);
    expect(sampler.version).toBe(1);
    expect(b.completionsG.map((c) => [...c.tokensT])).not.toEqual(a.completionsG.map((c) => [...c.tokensT]));
  }, 120_000);

  it('colocated - a batch of prompts draws what each prompt alone draws with its seed', async () => {
    const reqs = [req('red', 1), req('one two', 2), req('a dog sat', 3)];
    const many = await sampler.sampleMany(reqs);
    for (const [i, q] of reqs.entries()) {
      const alone = await sampler.sample(q);
      expect(many[i].completionsG.map((c) => [...c.tokensT])).toEqual(alone.completionsG.map((c) => [...c.tokensT]));
    }
  }, 60_000);

  it('colocated - pi_prox from the update\'s own pass trains as a separate logprobs pass does', async () => {
    // Two trainers from the same model: one takes pi_prox from its own pass, the other is given a logprobs pass.
    const [twin, fresh] = (await Promise.all([createTrainer(engine, ctx()), createTrainer(engine, ctx())])) as TorchTrainer[];
    try {
      const batch = batchOf(await sampler.sample(req('one', 9))).map((s) => ({ ...s, behaviourLogprobsT: s.behaviourLogprobsT.map((x) => x - 0.3) }));
      const fused = await policyUpdate(twin, batch, LOSS, 1);
      const given = await policyUpdate(fresh, batch, LOSS, 1, await fresh.logprobs(batch));
      expect(fused.loss).toBeCloseTo(given.loss, 5);
      expect(fused.gradNorm).toBeCloseTo(given.gradNorm, 4);
      expect(fused.importanceWeightMean).toBeCloseTo(given.importanceWeightMean, 5);
      expect(fused.mismatch).toBeCloseTo(given.mismatch, 5);
      const [lf, lg] = [await twin.logprobs(batch), await fresh.logprobs(batch)];
      for (let i = 0; i < batch.length; i++) for (let t = 0; t < lf[i].length; t++) expect(Math.abs(lf[i][t] - lg[i][t])).toBeLessThan(1e-4);
    } finally {
      await Promise.all([twin.close(), fresh.close()]);
    }
  }, 240_000);

  it('colocated - a durable export is a dir; a separate sampler refuses a memory reference and a colocated one a dir', async () => {
    const durable = (await trainer.exportWeights({ durable: true })).ref!;
    expect(durable.kind).toBe('full');
    expect(durable.digest).toMatch(/^sha256:/);
    const e = await rejection(sampler.loadWeights(durable.version, durable));
    expect(isTribunalError(e, 'BAD_WEIGHTS') && (e as Error).message).toMatch(/not the learner's sampling copy/);
    const separate = await createSampler(engine, ctx());
    try {
      const e2 = await rejection(separate.loadWeights(ref.version, ref));
      expect(isTribunalError(e2, 'BAD_WEIGHTS') && (e2 as Error).message).toMatch(/memory of the learner's trainer service/);
    } finally {
      await separate.close();
    }
  }, 240_000);

  it('colocated - when the learner\'s service dies the sampler holds nothing and will not follow its announcement again', async () => {
    const last = (await trainer.exportWeights()).ref!;
    await sampler.loadWeights(last.version, last);
    process.kill(trainer.servicePid!, 'SIGKILL');
    const e = await rejection(sampler.sample(req('red', 1)));
    expect(isTribunalError(e, 'UNAVAILABLE')).toBe(true);
    expect(sampler.version).toBe(-1);
    expect(isTribunalError(await rejection(sampler.loadWeights(last.version, last)), 'UNAVAILABLE')).toBe(true);
  }, 60_000);
});
