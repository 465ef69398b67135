// GRPO group-relative advantages: each completion's reward against its own
// group. Rewards come from judges (src/rl/rewards.ts); the loss lives in loss.ts.
import { TribunalError } from '../core/errors.ts';

export interface GroupAdvantageOptions {
  /** Divide by the group's population std (GRPO); false gives Dr.GRPO-style r - mean. @default true */
  normalizeStd?: boolean;
  /** Added to the std so near-constant groups do not blow up. @default 1e-6 */
  eps?: number;
}

/**
 * A_i = (r_i - mean(r)) / (std(r) + eps), std the population std (divide by G).
 * A group whose rewards are all equal carries no signal and gets exact zeros.
 */
export function groupAdvantages(rewardsG: ArrayLike<number>, opts: GroupAdvantageOptions = {}): Float32Array {
  const normalizeStd = opts.normalizeStd ?? true;
  const eps = opts.eps ?? 1e-6;
  if (!(eps >= 0)) throw new TribunalError('BAD_CONFIG', `advantage eps must be >= 0, got ${eps}`);
  const g = rewardsG.length;
  const advantagesG = new Float32Array(g);
  if (g === 0) return advantagesG;

  let sum = 0;
  let allEqual = true;
  for (let i = 0; i < g; i++) {
    const r = rewardsG[i];
    if (!Number.isFinite(r)) throw new TribunalError('BAD_MESSAGE', `reward ${i} is not finite: ${r}`);
    sum += r;
    if (r !== rewardsG[0]) allEqual = false;
  }
  // Exact zeros, not rounding noise from (r - mean) / eps.
  if (allEqual) return advantagesG;

  const mean = sum / g;
  let sq = 0;
  for (let i = 0; i < g; i++) sq += (rewardsG[i] - mean) ** 2;
  const denom = normalizeStd ? Math.sqrt(sq / g) + eps : 1;
  for (let i = 0; i < g; i++) advantagesG[i] = (rewardsG[i] - mean) / denom;
  return advantagesG;
}
