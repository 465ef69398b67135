import { describe, expect, it } from 'vitest';
import { decoupledPpoLoss, decoupledPpoTokenLoss } from '../../src/rl/loss.ts';

const opts = { clipLow: 0.2, clipHigh: 0.3, importanceCap: 2, klBeta: 0 };
const P = -1; // logpProx for every token below

describe('rl decoupled PPO loss', () => {
  it('loss - token-level mean with clipping and truncated importance weights', () => {
    // clip range [0.8, 1.3], cap c = 2.
    // seq1 (A = +1):
    //   t1: ratio 1, w 1: surr = min(1, 1) = 1 -> loss -1, not clipped
    //   t2: ratio 1.5, w = exp(ln 1.2) = 1.2: surr = min(1.5, 1.3) = 1.3 (clipped) -> loss -1.2*1.3 = -1.56
    // seq2 (A = -1):
    //   t3: ratio 0.5, w = min(3, 2) = 2: surr = min(-0.5, -0.8) = -0.8 (clipped) -> loss +1.6
    //   t4: ratio 1.5, w 1: surr = min(-1.5, -1.3) = -1.5 (not clipped) -> loss +1.5
    // seq3 (A = +2):
    //   t5: ratio 1, w 1: surr 2 -> loss -2
    // sum = -1 - 1.56 + 1.6 + 1.5 - 2 = -1.46 over 5 tokens -> -0.292
    // (a per-sequence mean first would give (-1.28 + 1.55 - 2)/3 = -0.5767: token-level differs)
    // clipped 2/5 = 0.4; weights 1, 1.2, 2, 1, 1 -> mean 6.2/5 = 1.24, max 2.
    const r = decoupledPpoLoss(
      [
        { logpNewT: [P, P + Math.log(1.5)], logpProxT: [P, P], logpMuT: [P, P - Math.log(1.2)], advantage: 1 },
        { logpNewT: [P + Math.log(0.5), P + Math.log(1.5)], logpProxT: [P, P], logpMuT: [P - Math.log(3), P], advantage: -1 },
        { logpNewT: [P], logpProxT: [P], logpMuT: [P], advantage: 2 },
      ],
      opts,
    );
    expect(r.tokens).toBe(5);
    expect(r.loss).toBeCloseTo(-0.292, 10);
    expect(r.clipFraction).toBeCloseTo(0.4, 12);
    expect(r.importanceWeightMean).toBeCloseTo(1.24, 10);
    expect(r.importanceWeightMax).toBe(2);
  });

  it('loss - k3 KL term when klBeta > 0 and logpRef given', () => {
    // A = 0 so the policy term is 0. d = logpRef - logpNew = ln 2:
    // k3 = e^d - d - 1 = 2 - 0.693147 - 1 = 0.306853; klBeta 0.1 -> 0.0306853
    const seq = { logpNewT: [P], logpProxT: [P], logpMuT: [P], advantage: 0, logpRefT: [P + Math.log(2)] };
    expect(decoupledPpoLoss([seq], { ...opts, klBeta: 0.1 }).loss).toBeCloseTo(0.0306853, 6);
    // klBeta 0: no KL even with logpRef
    expect(decoupledPpoLoss([seq], opts).loss).toBe(0);
    // klBeta > 0 without logpRef: no KL
    const { logpRefT: _, ...noRef } = seq;
    expect(decoupledPpoLoss([noRef], { ...opts, klBeta: 0.1 }).loss).toBe(0);
  });

  it('loss - KL is added unweighted to the policy term', () => {
    // ratio 1, A = 1, w = min(e^1, 2) = 2 -> policy -2; kl as above 0.306853 * 0.5 = 0.1534264
    // total = -2 + 0.1534264 = -1.8465736
    const t = decoupledPpoTokenLoss(P, P, P - 1, 1, P + Math.log(2), { ...opts, klBeta: 0.5 });
    expect(t.weight).toBe(2);
    expect(t.loss).toBeCloseTo(-1.8465736, 6);
    expect(t.clipped).toBe(false);
  });

  it('loss - zero advantage stays finite when the ratio overflows', () => {
    const r = decoupledPpoLoss([{ logpNewT: [1000], logpProxT: [0], logpMuT: [0], advantage: 0 }], opts);
    expect(r.loss).toBe(0);
    expect(r.clipFraction).toBe(0);
  });

  it('loss - empty batch gives zeros', () => {
    expect(decoupledPpoLoss([], opts)).toEqual({ loss: 0, clipFraction: 0, importanceWeightMean: 0, importanceWeightMax: 0, tokens: 0 });
  });

  it('loss - rejects misaligned sequences and bad options', () => {
    expect(() => decoupledPpoLoss([{ logpNewT: [P, P], logpProxT: [P], logpMuT: [P, P], advantage: 1 }], opts)).toThrow(/different lengths/);
    expect(() => decoupledPpoLoss([], { ...opts, clipLow: 1 })).toThrow(/clipLow/);
    expect(() => decoupledPpoLoss([], { ...opts, importanceCap: 0 })).toThrow(/importanceCap/);
  });
});
