import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinSampler } from '../../src/backends/builtin/sampler.ts';
import { BOS_ID, EOS_ID } from '../../src/backends/builtin/tokenizer.ts';

const vocab = Array.from({ length: 40 }, (_, i) => `w${i}`);
const model = { dModel: 32, layers: 2, heads: 4, maxSeqLen: 24, seed: 7 };

describe('builtin sampler', () => {
  let sampler: BuiltinSampler;
  beforeAll(async () => {
    sampler = await BuiltinSampler.create({ model, vocab });
  });
  afterAll(() => sampler.close());

  it('builtin sampler - KV-cache logprobs equal a full forward pass at the sampling temperature', async () => {
    for (const temperature of [1, 0.7]) {
      const r = await sampler.sample({ prompt: 'w1 w2 w3', n: 6, maxNewTokens: 12, temperature, seed: 11 });
      expect(Array.from(r.promptTokens)).toEqual([BOS_ID, 5, 6, 7]);
      const full = await sampler.logprobs(
        r.completionsG.map((c) => ({ promptTokens: r.promptTokens, tokensT: c.tokensT })),
        temperature,
      );
      let checked = 0;
      r.completionsG.forEach((c, i) => {
        expect(c.logprobsT.length).toBe(c.tokensT.length);
        c.logprobsT.forEach((lp, t) => {
          expect(Math.abs(lp - full[i][t])).toBeLessThan(1e-4);
          checked++;
        });
      });
      expect(checked).toBeGreaterThan(20);
    }
  });

  it('builtin sampler - same seed gives the same samples, another seed others', async () => {
    const other = await BuiltinSampler.create({ model, vocab });
    try {
      const req = { prompt: 'w4 w5', n: 4, maxNewTokens: 10, temperature: 1, seed: 5 };
      const a = await sampler.sample(req);
      const b = await other.sample(req);
      const c = await sampler.sample({ ...req, seed: 6 });
      const toks = (r: typeof a) => r.completionsG.map((x) => Array.from(x.tokensT));
      expect(toks(b)).toEqual(toks(a));
      expect(a.completionsG.map((x) => Array.from(x.logprobsT))).toEqual(b.completionsG.map((x) => Array.from(x.logprobsT)));
      expect(toks(c)).not.toEqual(toks(a));
    } finally {
      await other.close();
    }
  });

  it('builtin sampler - stops at <eos> or the token limit and stays within maxSeqLen', async () => {
    const r = await sampler.sample({ prompt: 'w1', n: 8, maxNewTokens: 6, temperature: 1, seed: 1 });
    for (const c of r.completionsG) {
      expect(c.tokensT.length).toBeLessThanOrEqual(6);
      const eosAt = Array.from(c.tokensT).indexOf(EOS_ID);
      expect(c.finished).toBe(eosAt >= 0);
      if (c.finished) expect(eosAt).toBe(c.tokensT.length - 1);
      else expect(c.tokensT.length).toBe(6);
    }
    const long = Array.from({ length: 40 }, (_, i) => `w${i % 40}`).join(' ');
    const l = await sampler.sample({ prompt: long, n: 2, maxNewTokens: 50, temperature: 1, seed: 2 });
    expect(l.promptTokens.length).toBe(model.maxSeqLen - 1);
    expect(l.promptTokens[0]).toBe(BOS_ID);
    for (const c of l.completionsG) expect(l.promptTokens.length + c.tokensT.length).toBeLessThanOrEqual(model.maxSeqLen);
  });

  it('builtin sampler - leaks no tensors across samples', async () => {
    await sampler.sample({ prompt: 'w1 w2', n: 4, maxNewTokens: 8, temperature: 0.7, seed: 3 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await sampler.sample({ prompt: 'w1 w2', n: 4, maxNewTokens: 8, temperature: 0.7, seed: 4 + i });
    await sampler.nextTokenDistribution([Int32Array.from([BOS_ID, 5])]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builtin sampler - next-token distribution is a softmax over the vocabulary', async () => {
    const [p] = await sampler.nextTokenDistribution([Int32Array.from([BOS_ID, 5, 6])]);
    expect(p.length).toBe(sampler.tokenizer.size);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });
});
