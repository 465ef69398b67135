// The decoupled-PPO test vectors shared by both languages
// (test/fixtures/ppo-loss-vectors.json, written by test/fixtures/gen-ppo-vectors.ts;
// trainer/tests/test_loss_vectors.py checks the torch loss against the same
// file): the reference here, and the builtin tfjs loss with the truncated
// importance weight folded into each token's advantage, as the learner sends it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decoupledPpoLoss, truncatedImportanceWeight, type PpoSequence } from '../../src/rl/loss.ts';
import { ppoLossTf } from '../../src/backends/builtin/ppo-loss.ts';
import { initBackend } from '../../src/backends/builtin/backend.ts';

interface Case {
  name: string;
  clipLow: number;
  clipHigh: number;
  importanceCap: number;
  klBeta: number;
  sequences: (PpoSequence & { logpNewT: number[]; logpProxT: number[]; logpMuT: number[]; logpRefT: number[] })[];
  expected: { loss: number; clipFraction: number; importanceWeightMean: number; importanceWeightMax: number; tokens: number };
}
const { cases } = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/ppo-loss-vectors.json'), 'utf8')) as { cases: Case[] };

describe('ppo loss vectors', () => {
  beforeAll(() => initBackend());

  it('ppo loss vectors - there are cases, with clipping, truncation and KL among them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
    expect(cases.some((c) => c.expected.clipFraction > 0)).toBe(true);
    expect(cases.some((c) => c.expected.importanceWeightMax === c.importanceCap)).toBe(true);
    expect(cases.some((c) => c.klBeta > 0)).toBe(true);
  });

  it.each(cases)('ppo loss vectors - the reference reproduces "$name"', (c) => {
    const got = decoupledPpoLoss(c.sequences, c);
    expect(got.loss).toBeCloseTo(c.expected.loss, 12);
    expect(got.clipFraction).toBe(c.expected.clipFraction);
    expect(got.importanceWeightMean).toBeCloseTo(c.expected.importanceWeightMean, 12);
    expect(got.tokens).toBe(c.expected.tokens);
  });

  it.each(cases)('ppo loss vectors - the builtin tfjs loss reproduces "$name"', (c) => {
    const b = c.sequences.length;
    const l = Math.max(...c.sequences.map((s) => s.logpNewT.length));
    const grid = (pick: (s: Case['sequences'][number], t: number) => number) =>
      Float32Array.from({ length: b * l }, (_, i) => {
        const s = c.sequences[Math.floor(i / l)];
        const t = i % l;
        return t < s.logpNewT.length ? pick(s, t) : 0;
      });
    const mask = grid(() => 1);
    const adv = grid((s, t) => s.advantage * truncatedImportanceWeight(s.logpProxT[t], s.logpMuT[t], c.importanceCap));
    const loss = tf.tidy(() => {
      const t2 = (x: Float32Array) => tf.tensor2d(x, [b, l]);
      return ppoLossTf({ logpNew: t2(grid((s, t) => s.logpNewT[t])), logpProx: t2(grid((s, t) => s.logpProxT[t])), advantages: t2(adv), mask: t2(mask), logpRef: t2(grid((s, t) => s.logpRefT[t])) },
        { clipLow: c.clipLow, clipHigh: c.clipHigh, klBeta: c.klBeta, normalizer: c.expected.tokens }).loss.dataSync()[0];
    });
    expect(loss).toBeCloseTo(c.expected.loss, 5);
  });
});
