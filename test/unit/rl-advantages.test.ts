import { describe, expect, it } from 'vitest';
import { groupAdvantages } from '../../src/rl/advantages.ts';

describe('rl advantages', () => {
  it('advantages - standardises by population std', () => {
    // [0,0,1,1]: mean 0.5, deviations -0.5,-0.5,+0.5,+0.5, population var = 4*0.25/4 = 0.25, std 0.5.
    // eps 0: -0.5/0.5 = -1, +0.5/0.5 = +1.
    expect(Array.from(groupAdvantages([0, 0, 1, 1], { eps: 0 }))).toEqual([-1, -1, 1, 1]);
    // default eps 1e-6: 0.5 / 0.500001 = 0.999998
    const a = groupAdvantages([0, 0, 1, 1]);
    expect(a[0]).toBeCloseTo(-0.999998, 6);
    expect(a[3]).toBeCloseTo(0.999998, 6);
  });

  it('advantages - uneven group', () => {
    // [1,2,3,4]: mean 2.5, devs -1.5,-0.5,0.5,1.5, squares 2.25+0.25+0.25+2.25 = 5, var 5/4 = 1.25,
    // std sqrt(1.25) = 1.118034; -1.5/1.118034 = -1.341641, -0.5/1.118034 = -0.447214.
    const a = groupAdvantages([1, 2, 3, 4], { eps: 0 });
    expect(a[0]).toBeCloseTo(-1.341641, 5);
    expect(a[1]).toBeCloseTo(-0.447214, 5);
    expect(a[2]).toBeCloseTo(0.447214, 5);
    expect(a[3]).toBeCloseTo(1.341641, 5);
  });

  it('advantages - normalizeStd false only centres', () => {
    // [1,2,6]: mean 3 -> -2, -1, 3
    expect(Array.from(groupAdvantages([1, 2, 6], { normalizeStd: false }))).toEqual([-2, -1, 3]);
  });

  it('advantages - all-equal group gives exact zeros', () => {
    expect(Array.from(groupAdvantages([0.7, 0.7, 0.7]))).toEqual([0, 0, 0]);
    expect(Array.from(groupAdvantages(new Float32Array([5])))).toEqual([0]);
    expect(groupAdvantages([]).length).toBe(0);
  });

  it('advantages - rejects non-finite rewards', () => {
    expect(() => groupAdvantages([1, NaN])).toThrow(/not finite/);
  });
});
