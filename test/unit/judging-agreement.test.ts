import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, meanAbsoluteError, pairwiseAccuracy } from '../../src/judging/agreement.ts';

const _ = null;
// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
// 4 coders x 12 units with missing values.
const PAPER = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

// Two coders, three units: (1,1), (2,2), (3,4); a fourth unit (5, missing) is not pairable.
// Each unit has m_u = 2, so each ordered pair counts 1/(2-1) = 1:
//   o11 = 2, o22 = 2, o34 = o43 = 1; n1 = 2, n2 = 2, n3 = 1, n4 = 1; n = 6.
// alpha = 1 - (n-1) * sum o d2 / sum n_c n_k d2, sums over ordered pairs (2x the c<k sums).
const SMALL = [
  [1, 2, 3, 5],
  [1, 2, 4, _],
];

describe('judging agreement', () => {
  it('alpha - reproduces the published worked example', () => {
    expect(krippendorffAlpha(PAPER, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(PAPER, 'ordinal')).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(PAPER, 'interval')).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(PAPER, 'ratio')).toBeCloseTo(0.797, 3);
  });

  it('alpha - nominal by hand', () => {
    // observed: o34 + o43 = 2; expected: n^2 - sum n_c^2 = 36 - (4+4+1+1) = 26
    // alpha = 1 - 5*2/26 = 16/26 = 0.6153846
    expect(krippendorffAlpha(SMALL, 'nominal')).toBeCloseTo(16 / 26, 12);
  });

  it('alpha - interval by hand', () => {
    // observed: 2 * (3-4)^2 = 2
    // expected c<k: (1,2) 2*2*1 = 4, (1,3) 2*1*4 = 8, (1,4) 2*1*9 = 18, (2,3) 2*1*1 = 2,
    //   (2,4) 2*1*4 = 8, (3,4) 1*1*1 = 1 -> 41, ordered 82
    // alpha = 1 - 5*2/82 = 72/82 = 0.8780488
    expect(krippendorffAlpha(SMALL, 'interval')).toBeCloseTo(72 / 82, 12);
  });

  it('alpha - ordinal by hand', () => {
    // d(c,k) = sum_{g=c..k} n_g - (n_c + n_k)/2 with n = 2,2,1,1 for values 1..4:
    //   (1,2) 4-2 = 2 -> 4; (1,3) 5-1.5 = 3.5 -> 12.25; (1,4) 6-1.5 = 4.5 -> 20.25;
    //   (2,3) 3-1.5 = 1.5 -> 2.25; (2,4) 4-1.5 = 2.5 -> 6.25; (3,4) 2-1 = 1 -> 1
    // observed 2*1 = 2; expected c<k: 4*4 + 2*12.25 + 2*20.25 + 2*2.25 + 2*6.25 + 1*1
    //   = 16 + 24.5 + 40.5 + 4.5 + 12.5 + 1 = 99, ordered 198
    // alpha = 1 - 5*2/198 = 188/198 = 0.9494949
    expect(krippendorffAlpha(SMALL, 'ordinal')).toBeCloseTo(188 / 198, 12);
  });

  it('alpha - ratio by hand', () => {
    // d2 = ((c-k)/(c+k))^2; observed 2 * (1/7)^2 = 2/49
    // expected c<k: (1,2) 4*(1/3)^2 = 4/9; (1,3) 2*(2/4)^2 = 1/2; (1,4) 2*(3/5)^2 = 18/25;
    //   (2,3) 2*(1/5)^2 = 2/25; (2,4) 2*(2/6)^2 = 2/9; (3,4) 1*(1/7)^2 = 1/49
    //   sum = 2/3 + 1/2 + 4/5 + 1/49, ordered 2x
    // alpha = 1 - 5*(2/49) / (2*(2/3 + 1/2 + 4/5 + 1/49)) = 0.948648...
    const expected = 1 - (5 * (2 / 49)) / (2 * (2 / 3 + 1 / 2 + 4 / 5 + 1 / 49));
    expect(expected).toBeCloseTo(0.948648, 5);
    expect(krippendorffAlpha(SMALL, 'ratio')).toBeCloseTo(expected, 12);
  });

  it('alpha - perfect agreement is 1, undefined cases are NaN', () => {
    expect(krippendorffAlpha([[1, 2], [1, 2]], 'interval')).toBe(1);
    expect(krippendorffAlpha([[3, 3], [3, 3]], 'interval')).toBeNaN(); // no variation: D_e = 0
    expect(krippendorffAlpha([[3, _], [_, 4]], 'nominal')).toBeNaN(); // no pairable unit
  });

  it('alpha - systematic disagreement goes negative', () => {
    // units (1,2), (2,1): o12 = o21 = 2, n1 = n2 = 2, n = 4
    // nominal: 1 - 3*4 / (2*2*2) = 1 - 12/8 = -0.5
    expect(krippendorffAlpha([[1, 2], [2, 1]], 'nominal')).toBeCloseTo(-0.5, 12);
  });

  it('accuracy - invalid predictions count as wrong', () => {
    // correct: items 0 and 3 -> 2/4 = 0.5; item 2 invalid
    expect(pairwiseAccuracy([0, 1, null, 1], [0, 0, 1, 1])).toEqual({ accuracy: 0.5, invalid: 1 });
    expect(pairwiseAccuracy([], []).accuracy).toBeNaN();
    expect(() => pairwiseAccuracy([0], [])).toThrow(/gold/);
  });

  it('mae - over valid predictions, invalid counted apart', () => {
    // |7-5| + |3-3| = 2 over 2 valid -> 1
    expect(meanAbsoluteError([7, null, 3], [5, 4, 3])).toEqual({ mae: 1, invalid: 1 });
    expect(meanAbsoluteError([null], [2]).mae).toBeNaN();
  });
});
