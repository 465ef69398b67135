// Seeded pseudo-random numbers for the synthetic world (mulberry32): every draw
// in the testbed is a pure function of a seed. Leaves sampling of models to engines.

import { mulberry32 } from '../mulberry32.ts';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  /** Fisher-Yates shuffle of a copy. */
  shuffled<T>(xs: readonly T[]): T[];
  /** Index drawn in proportion to the (non-negative) weights. */
  weighted(weights: readonly number[]): number;
}

/** Mixes a seed with a stream tag so that different uses of one seed draw independent streams. */
export function mixSeed(seed: number, tag: number): number {
  let h = (seed ^ Math.imul(tag + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function makeRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (xs) => xs[int(xs.length)],
    chance: (p) => next() < p,
    shuffled: (xs) => {
      const out = xs.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    weighted: (weights) => {
      const total = weights.reduce((a, b) => a + b, 0);
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i];
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
  };
}
