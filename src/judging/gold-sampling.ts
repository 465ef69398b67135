// Which training groups the gold judge also scores: a stable hash of the
// group id against the configured fraction, so a redelivered group is sampled
// the same way again.
import { fnv1a32 } from '../core/fnv1a.ts';

export function sampledForGold(groupId: string, fraction: number): boolean {
  if (fraction <= 0) return false;
  if (fraction >= 1) return true;
  return fnv1a32(groupId) / 4294967296 < fraction;
}
