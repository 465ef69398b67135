// AdamW on tfjs variables with global-norm gradient clipping and a NaN/Inf
// guard: decoupled weight decay (Loshchilov & Hutter) on matrices only, moments
// kept as named variables so checkpoints can carry them.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

export const AdamWConfig = z.object({
  lr: z.number().positive().default(1e-3),
  beta1: z.number().min(0).max(1).default(0.9),
  beta2: z.number().min(0).max(1).default(0.99),
  eps: z.number().positive().default(1e-8),
  /** Decoupled decay per step, scaled by lr; applied to rank >= 2 tensors only. */
  weightDecay: z.number().min(0).default(0.01),
  /** Global L2 norm the gradient is clipped to (<= 0: no clipping). */
  maxGradNorm: z.number().default(1),
});
export type AdamWConfig = z.infer<typeof AdamWConfig>;

export interface AdamWStep {
  /** Global gradient norm before clipping (NaN/Inf when the step was skipped for it). */
  gradNorm: number;
  applied: boolean;
}

export class AdamW {
  /** Optimizer steps applied (skipped ones not counted); bias correction uses it. */
  step = 0;
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();

  constructor(
    private readonly params: Map<string, tf.Variable>,
    readonly config: AdamWConfig,
  ) {
    for (const [name, p] of params) {
      // tidy: the zeros tensor itself would otherwise outlive the variable made from it.
      this.m.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
      this.v.set(name, tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    }
  }

  /** Zeroes the moments and the step count (after weights are replaced wholesale). */
  reset(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) tf.tidy(() => t.assign(tf.zerosLike(t)));
    this.step = 0;
  }

  /**
   * One update from gradients keyed by parameter name. Does not take ownership
   * of `grads`. Skips (changes nothing) when the gradient norm is not finite.
   */
  async apply(grads: Map<string, tf.Tensor>): Promise<AdamWStep> {
    const normT = tf.tidy(() => tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g))))));
    const gradNorm = (await normT.data())[0];
    normT.dispose();
    if (!Number.isFinite(gradNorm)) return { gradNorm, applied: false };

    const { lr, beta1, beta2, eps, weightDecay, maxGradNorm } = this.config;
    const scale = maxGradNorm > 0 && gradNorm > maxGradNorm ? maxGradNorm / (gradNorm + 1e-12) : 1;
    this.step += 1;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    for (const [name, p] of this.params) {
      const g0 = grads.get(name);
      if (!g0) continue;
      const m = this.m.get(name)!;
      const v = this.v.get(name)!;
      tf.tidy(() => {
        const g = scale === 1 ? g0 : tf.mul(g0, scale);
        const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        const adam = tf.div(tf.div(mNew, c1), tf.add(tf.sqrt(tf.div(vNew, c2)), eps));
        const decayed = p.rank >= 2 && weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
        m.assign(mNew);
        v.assign(vNew);
        p.assign(tf.sub(decayed, tf.mul(adam, lr)));
      });
    }
    return { gradNorm, applied: true };
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
