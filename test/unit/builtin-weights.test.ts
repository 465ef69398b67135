import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTribunalError } from '../../src/core/errors.ts';
import type { LossOptions, TrainSequence } from '../../src/engines/types.ts';
import { BuiltinSampler } from '../../src/backends/builtin/sampler.ts';
import { BuiltinTrainer } from '../../src/backends/builtin/trainer.ts';
import { BOS_ID } from '../../src/backends/builtin/tokenizer.ts';
import { decode, encode } from '../../src/wire/codec.ts';
import { policyUpdate } from '../../src/learner/policy-update.ts';

const vocab = ['a', 'b', 'c', 'd', 'e'];
const model = { dModel: 16, layers: 2, heads: 2, maxSeqLen: 12, seed: 2 };
const ppo: LossOptions = { clipLow: 0.2, clipHigh: 0.3, importanceCap: 2, klBeta: 0.05 };
const batch: TrainSequence[] = [0, 1, 2, 3].map((i) => ({
  promptTokens: Int32Array.from([BOS_ID, 4 + i]),
  tokensT: Int32Array.from([5, 6 + (i % 3), 2]),
  behaviourLogprobsT: Float32Array.from([-2, -2.1, -1.9]),
  advantage: i % 2 ? 1 : -1,
}));

async function expectBadWeights(p: Promise<unknown>, match: RegExp): Promise<void> {
  try {
    await p;
    expect.unreachable('should have thrown');
  } catch (e) {
    expect(isTribunalError(e, 'BAD_WEIGHTS'), String(e)).toBe(true);
    expect((e as Error).message).toMatch(match);
  }
}

const flat = (xs: Float32Array[]) => xs.map((x) => Array.from(x));

describe('builtin weights', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'builtin-weights-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builtin weights - a sampler loading exported weights scores like the trainer', async () => {
    const trainer = await BuiltinTrainer.create({ model, vocab });
    const sampler = await BuiltinSampler.create({ model: { ...model, seed: 99 }, vocab });
    try {
      await policyUpdate(trainer, batch, ppo, 2);
      const { blob, shapeKey } = await trainer.exportWeights();
      expect(shapeKey).toBe(sampler.spec.shapeKey);
      expect(flat(await sampler.logprobs(batch))).not.toEqual(flat(await trainer.logprobs(batch)));
      await sampler.loadWeights(trainer.version, blob);
      expect(sampler.version).toBe(1);
      expect(flat(await sampler.logprobs(batch))).toEqual(flat(await trainer.logprobs(batch)));
    } finally {
      await trainer.close();
      await sampler.close();
    }
  });

  it('builtin weights - mismatched blobs are refused whole and nothing is loaded', async () => {
    const sampler = await BuiltinSampler.create({ model, vocab });
    const wider = await BuiltinTrainer.create({ model: { ...model, dModel: 32 }, vocab });
    const otherWords = await BuiltinTrainer.create({ model, vocab: ['a', 'b', 'c', 'd', 'z'] });
    try {
      const before = flat(await sampler.logprobs(batch));
      await expectBadWeights(sampler.loadWeights(5, (await wider.exportWeights()).blob), /is for model/);
      await expectBadWeights(sampler.loadWeights(5, (await otherWords.exportWeights()).blob), /is for model/);
      // Right shapeKey, one tensor truncated: refused before any tensor is assigned.
      const own = await BuiltinTrainer.create({ model: { ...model, seed: 50 }, vocab });
      const good = decode((await own.exportWeights()).blob) as { tensors: Record<string, Float32Array> };
      await own.close();
      good.tensors['lnf.b'] = good.tensors['lnf.b'].slice(1);
      await expectBadWeights(sampler.loadWeights(5, encode(good)), /lnf\.b has 15 values/);
      await expectBadWeights(sampler.loadWeights(5, Uint8Array.from([1, 2, 3])), /not/);
      expect(sampler.version).toBe(0);
      expect(flat(await sampler.logprobs(batch))).toEqual(before);
    } finally {
      await sampler.close();
      await wider.close();
      await otherWords.close();
    }
  });

  it('builtin weights - save/load restores weights, optimizer and version exactly', async () => {
    const a = await BuiltinTrainer.create({ model, vocab });
    const b = await BuiltinTrainer.create({ model: { ...model, seed: 77 }, vocab });
    try {
      await policyUpdate(a, batch, ppo, 2);
      await policyUpdate(a, batch, ppo, 2);
      const ck = path.join(dir, 'ck1');
      await a.save(ck);
      await b.load(ck);
      expect(b.version).toBe(2);
      expect(b.step).toBe(4);
      expect(flat(await b.logprobs(batch))).toEqual(flat(await a.logprobs(batch)));
      // Moments and reference came along too: the next update matches bit for bit.
      const sa = await policyUpdate(a, batch, ppo, 2);
      const sb = await policyUpdate(b, batch, ppo, 2);
      const algorithmic = ({ proxMs: _p, updateMs: _u, ...rest }: typeof sa) => rest; // the clock readings differ
      expect(algorithmic(sb)).toEqual(algorithmic(sa));
      expect(flat(await b.logprobs(batch))).toEqual(flat(await a.logprobs(batch)));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('builtin weights - load refuses a checkpoint from another config and leaves the trainer as it was', async () => {
    const small = await BuiltinTrainer.create({ model, vocab });
    const big = await BuiltinTrainer.create({ model: { ...model, layers: 3 }, vocab });
    try {
      const ck = path.join(dir, 'ck2');
      await small.save(ck);
      const before = flat(await big.logprobs(batch));
      await expectBadWeights(big.load(ck), /saved by model .*l2.*this trainer's model is .*l3/);
      expect(flat(await big.logprobs(batch))).toEqual(before);
      // A tampered optimizer file with the right meta is refused too.
      const opt = decode(await readFile(path.join(ck, 'optimizer.msgpack'))) as { m: Record<string, Float32Array> };
      delete opt.m['tokEmb'];
      await writeFile(path.join(ck, 'optimizer.msgpack'), encode(opt));
      await expectBadWeights(small.load(ck), /tokEmb missing/);
    } finally {
      await small.close();
      await big.close();
    }
  });

  it('builtin weights - loadWeights waits for a sample in flight, which keeps the old weights', async () => {
    const sampler = await BuiltinSampler.create({ model, vocab });
    const twin = await BuiltinSampler.create({ model, vocab });
    const other = await BuiltinTrainer.create({ model: { ...model, seed: 31 }, vocab });
    try {
      const req = { prompt: 'a b', n: 4, maxNewTokens: 8, temperature: 1, seed: 9 };
      const blob = (await other.exportWeights()).blob;
      const pending = sampler.sample(req);
      const loading = sampler.loadWeights(3, blob);
      const [got] = await Promise.all([pending, loading]);
      expect(got).toEqual(await twin.sample(req));
      expect(sampler.version).toBe(3);
      await expect(sampler.sample({ ...req, n: 0 })).rejects.toThrow(/positive integer/);
    } finally {
      await sampler.close();
      await twin.close();
      await other.close();
    }
  });
});
