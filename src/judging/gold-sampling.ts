// Which training groups the gold judge also scores: a stable hash of the
// group id against the configured fraction, so a redelivered group is sampled
// the same way again.
export function sampledForGold(groupId: string, fraction: number): boolean {
  if (fraction <= 0) return false;
  if (fraction >= 1) return true;
  let h = 2166136261;
  for (let i = 0; i < groupId.length; i++) h = Math.imul(h ^ groupId.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296 < fraction;
}
