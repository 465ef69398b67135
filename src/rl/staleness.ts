// The staleness bound on the learner side: how many versions old a group is,
// whether it may still be trained on, and a histogram for metrics.
// Admission control (keeping staleness low up front) is the scheduler's job.
import { TribunalError } from '../core/errors.ts';

/** Versions between the policy that sampled a group and the learner now (>= 0 in normal operation). */
export function stalenessOf(groupVersion: number, learnerVersion: number): number {
  return learnerVersion - groupVersion;
}

/**
 * A group sampled at groupVersion is stale for a learner at learnerVersion when
 * learnerVersion - groupVersion > eta. eta = 0 means only on-policy groups are used.
 */
export function isStale(groupVersion: number, learnerVersion: number, eta: number): boolean {
  if (!Number.isInteger(eta) || eta < 0) {
    throw new TribunalError('BAD_CONFIG', `staleness bound eta must be a non-negative integer, got ${eta}`);
  }
  return stalenessOf(groupVersion, learnerVersion) > eta;
}

/** Count of groups per staleness value, keys are the values as strings in ascending numeric order. */
export function stalenessHistogram(staleness: ArrayLike<number>): Record<string, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < staleness.length; i++) {
    const s = staleness[i];
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const out: Record<string, number> = {};
  for (const s of [...counts.keys()].sort((a, b) => a - b)) out[String(s)] = counts.get(s)!;
  return out;
}
