// The one seeded generator behind every reproducible draw (testbed data,
// builtin model init and sampling, the trivial engine, rollout seeds):
// mulberry32, uniform in [0, 1), and the Rng built on it. Not for
// cryptography. How a caller derives its seed is the caller's choice; two
// mixers live here so that nearby seeds give unrelated streams.
import { fnv1a32 } from './fnv1a.ts';

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with a stream tag so that different uses of one seed draw independent streams. */
export function mixSeed(seed: number, tag: number): number {
  let h = (seed ^ Math.imul(tag + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Scrambles one seed (a murmur3-style finaliser), so seeds 1, 2, 3 start unrelated streams. */
export function scrambleSeed(seed: number): number {
  let s = (seed ^ 0x9e3779b9) >>> 0;
  s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
  return (s ^ (s >>> 16)) >>> 0;
}

/**
 * The sampling seed of one issue of a prompt: a function of (run seed, prompt
 * id, attempt) only, so any rollout actor, restarted or not, draws the same
 * completions for it, and a re-issued prompt (a new attempt) draws new ones.
 */
export function rolloutSeed(runSeed: number, promptId: string, attempt: number): number {
  return mixSeed(mixSeed(runSeed, fnv1a32(promptId)), attempt);
}

/** Seeded draws: uniform, integers, picks, shuffles, categorical and normal. */
export class Rng {
  /** Uniform in [0, 1). */
  readonly next: () => number;

  /** The stream of mulberry32(seed), unscrambled: mix or scramble the seed first where nearby seeds are used. */
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Fisher-Yates shuffle of a copy. */
  shuffled<T>(xs: readonly T[]): T[] {
    const out = xs.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** Index drawn in proportion to unnormalised non-negative weights. */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    // Rounding left r >= 0: the last index with weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return 0;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1], keeps log finite
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
