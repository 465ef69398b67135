import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LossOptions, TrainSequence } from '../../src/engines/types.ts';
import { BuiltinSampler } from '../../src/backends/builtin/sampler.ts';
import { BuiltinTrainer } from '../../src/backends/builtin/trainer.ts';
import { ppoLossTf } from '../../src/backends/builtin/ppo-loss.ts';
import { BOS_ID, EOS_ID } from '../../src/backends/builtin/tokenizer.ts';
import { decoupledPpoLoss, truncatedImportanceWeight } from '../../src/rl/loss.ts';
import { initBackend } from '../../src/backends/builtin/backend.ts';
import { Rng, scrambleSeed } from '../../src/core/rng.ts';
import { policyUpdate } from '../../src/learner/policy-update.ts';
import { sftStep } from '../../src/learner/sft-step.ts';

const vocab = ['a', 'b', 'c', 'd', 'e', 'f', 'copy'];
const model = { dModel: 32, layers: 2, heads: 2, maxSeqLen: 16, seed: 3 };
const ppo: LossOptions = { clipLow: 0.2, clipHigh: 0.3, importanceCap: 2, klBeta: 0 };
const open: { close(): Promise<void> }[] = [];
async function track<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const x = await p;
  open.push(x);
  return x;
}
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** A batch of random-ish training sequences with behaviour logprobs near the model's. */
function randomBatch(rng: Rng, n: number): TrainSequence[] {
  return Array.from({ length: n }, (_, i) => {
    const len = 2 + (i % 4);
    const tokensT = Int32Array.from({ length: len }, () => 4 + Math.floor(rng.next() * 7));
    return {
      promptTokens: Int32Array.from([BOS_ID, 4 + (i % 3)]),
      tokensT,
      behaviourLogprobsT: Float32Array.from(tokensT, () => Math.log(1 / 11) + (rng.next() - 0.5)),
      advantage: rng.next() * 2 - 1,
    };
  });
}

describe('builtin trainer', () => {
  beforeAll(() => initBackend());

  it('builtin trainer - tfjs loss equals the reference decoupledPpoLoss', async () => {
    const rng = new Rng(scrambleSeed(1));
    const b = 3, l = 5;
    const rand = (scale: number) => Float32Array.from({ length: b * l }, () => (rng.next() - 0.5) * scale - 1);
    const logpNew = rand(1.5), logpProx = rand(1.5), logpMu = rand(1.5), logpRef = rand(1.5);
    const mask = Float32Array.from({ length: b * l }, (_, i) => (i % l >= 1 && !(i >= l * 2 && i % l === 4) ? 1 : 0));
    const advB = [0.7, -1.3, 0];
    const tokens = mask.reduce((a, x) => a + x, 0);
    for (const opts of [ppo, { ...ppo, klBeta: 0.1, importanceCap: 1.2 }]) {
      // The learner folds the truncated importance weight into each token's advantage.
      const adv = Float32Array.from({ length: b * l }, (_, i) => advB[Math.floor(i / l)] * truncatedImportanceWeight(logpProx[i], logpMu[i], opts.importanceCap));
      const got = tf.tidy(() => {
        const t = (x: Float32Array) => tf.tensor2d(x, [b, l]);
        const out = ppoLossTf({ logpNew: t(logpNew), logpProx: t(logpProx), advantages: t(adv), mask: t(mask), logpRef: t(logpRef) }, { ...opts, normalizer: tokens });
        return [out.loss.dataSync()[0], out.clipped.dataSync()[0]];
      });
      const seqs = [...Array(b).keys()].map((r) => {
        const sel = (x: Float32Array) => x.slice(r * l, (r + 1) * l).filter((_, t) => mask[r * l + t] === 1);
        return { logpNewT: sel(logpNew), logpProxT: sel(logpProx), logpMuT: sel(logpMu), logpRefT: sel(logpRef), advantage: advB[r] };
      });
      const ref = decoupledPpoLoss(seqs, opts);
      expect(got[0]).toBeCloseTo(ref.loss, 5);
      expect(got[1] / ref.tokens).toBeCloseTo(ref.clipFraction, 6);
    }
  });

  it('builtin trainer - first update reports the reference loss and off-policy stats', async () => {
    const trainer = await track(BuiltinTrainer.create({ model, vocab, temperature: 0.7 }));
    const batch = randomBatch(new Rng(scrambleSeed(2)), 6);
    const prox = await trainer.logprobs(batch);
    const ref = decoupledPpoLoss(
      batch.map((s, i) => ({ logpNewT: prox[i], logpProxT: prox[i], logpMuT: s.behaviourLogprobsT, advantage: s.advantage })),
      ppo,
    );
    const stats = await policyUpdate(trainer, batch, ppo, 1);
    expect(stats.applied).toBe(true);
    expect(stats.loss).toBeCloseTo(ref.loss, 5);
    expect(stats.importanceWeightMean).toBeCloseTo(ref.importanceWeightMean, 5);
    expect(stats.importanceWeightMax).toBeCloseTo(ref.importanceWeightMax, 5);
    expect(stats.tokens).toBe(ref.tokens);
    const mismatch = batch.flatMap((s, i) => Array.from(s.behaviourLogprobsT, (mu, t) => Math.abs(prox[i][t] - mu)));
    expect(stats.mismatch).toBeCloseTo(mismatch.reduce((a, x) => a + x, 0) / mismatch.length, 5);
    expect(trainer.version).toBe(1);
  });

  it('builtin trainer - SFT drives the loss down on a copy task', async () => {
    const trainer = await track(BuiltinTrainer.create({ model, vocab, optimizer: { lr: 1e-2 } }));
    const rng = new Rng(scrambleSeed(4));
    const batchOf = () => Array.from({ length: 16 }, () => {
      const words = Int32Array.from({ length: 3 }, () => 4 + Math.floor(rng.next() * 6));
      return { promptTokens: Int32Array.from([BOS_ID, ...words, 10]), tokensT: Int32Array.from([...words, EOS_ID]) };
    });
    const first = (await sftStep(trainer, batchOf())).loss;
    let last = first;
    for (let i = 0; i < 40; i++) last = (await sftStep(trainer, batchOf())).loss;
    expect(first).toBeGreaterThan(1.8); // about ln(11) at init
    expect(last).toBeLessThan(first * 0.4);
  });

  it('builtin trainer - advantages favouring a token raise its probability', async () => {
    const trainer = await track(BuiltinTrainer.create({ model, vocab, optimizer: { lr: 1e-2 } }));
    const sampler = await track(BuiltinSampler.create({ model, vocab }));
    const target = sampler.tokenizer.id('c');
    const prompt = Int32Array.from([BOS_ID, sampler.tokenizer.id('a')]);
    const pTarget = async () => (await trainer.nextTokenDistribution([prompt]))[0][target];
    const before = await pTarget();
    for (let round = 0; round < 6; round++) {
      const { blob } = await trainer.exportWeights();
      await sampler.loadWeights(trainer.version, blob);
      const r = await sampler.sample({ prompt: 'a', n: 16, maxNewTokens: 4, temperature: 1, seed: round });
      const rewards = r.completionsG.map((c) => (Array.from(c.tokensT).includes(target) ? 1 : 0));
      const mean = rewards.reduce((a: number, x) => a + x, 0) / rewards.length;
      const batch = r.completionsG.map((c, i) => ({ promptTokens: r.promptTokens, tokensT: c.tokensT, behaviourLogprobsT: c.logprobsT, advantage: rewards[i] - mean }));
      await policyUpdate(trainer, batch, ppo, 2);
    }
    const after = await pTarget();
    expect(before).toBeLessThan(0.2);
    expect(after).toBeGreaterThan(before * 2);
  });

  it('builtin trainer - a NaN loss skips the step and changes no weight', async () => {
    const trainer = await track(BuiltinTrainer.create({ model, vocab }));
    const batch = randomBatch(new Rng(scrambleSeed(5)), 4);
    const bad = batch.map((s, i) => (i === 1 ? { ...s, advantage: NaN } : s));
    const stats = await policyUpdate(trainer, bad, ppo, 1);
    expect(stats.applied).toBe(false);
    expect(stats.skippedSteps).toBe(1);
    expect(Number.isNaN(stats.loss)).toBe(true);
    expect(trainer.skippedSteps).toBe(1);
    expect(trainer.version).toBe(1);
    expect(trainer.step).toBe(0);
    // Same seed, never stepped: equal logprobs mean no weight moved.
    const a = await trainer.logprobs(batch);
    const fresh = await track(BuiltinTrainer.create({ model, vocab }));
    expect((await fresh.logprobs(batch)).map((x) => Array.from(x))).toEqual(a.map((x) => Array.from(x)));
    const good = await policyUpdate(trainer, batch, ppo, 1);
    expect(good.applied).toBe(true);
  });

  it('builtin trainer - KL to the reference is zero at the start and training stays finite', async () => {
    const trainer = await track(BuiltinTrainer.create({ model, vocab }));
    const batch = randomBatch(new Rng(scrambleSeed(6)), 4);
    const withKl = await policyUpdate(trainer, batch, { ...ppo, klBeta: 0.5 }, 1);
    const fresh = await track(BuiltinTrainer.create({ model, vocab }));
    const noKl = await policyUpdate(fresh, batch, ppo, 1);
    expect(withKl.loss).toBeCloseTo(noKl.loss, 6); // k3 = 0 when new == ref
    const second = await policyUpdate(trainer, batch, { ...ppo, klBeta: 0.5 }, 2);
    expect(Number.isFinite(second.loss)).toBe(true);
  });

  it('builtin trainer - holds no extra tensors across updates', async () => {
    const trainer = await track(BuiltinTrainer.create({ model, vocab }));
    const batch = randomBatch(new Rng(scrambleSeed(7)), 8);
    await policyUpdate(trainer, batch, { ...ppo, klBeta: 0.1 }, 2);
    await sftStep(trainer, batch);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await policyUpdate(trainer, batch, { ...ppo, klBeta: 0.1 }, 2);
      await sftStep(trainer, batch);
      await trainer.logprobs(batch);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builtin trainer - close releases every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const trainer = await BuiltinTrainer.create({ model, vocab });
    const sampler = await BuiltinSampler.create({ model, vocab });
    await policyUpdate(trainer, randomBatch(new Rng(scrambleSeed(8)), 4), { ...ppo, klBeta: 0.1 }, 1);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    await trainer.close();
    await sampler.close();
    expect(tf.memory().numTensors).toBe(before);
  });
});
