// The names of the gold-free watch's signals (src/monitor/gold-free-watch.ts),
// here so that the config can list them without importing the monitor.

export const GOLD_FREE_SIGNALS = ['rewardStd', 'judgeEntropy', 'secondEntropy', 'disagreement'] as const;
export type SignalName = (typeof GOLD_FREE_SIGNALS)[number];

/**
 * What is watched unless told otherwise. The reward spread is left out: it
 * collapsed on every gold-reward baseline of the full study (5 of 5 seeds), a
 * policy converging honestly narrows its groups too, so it is recorded, not
 * warned on (opt in with monitor.goldFree.signals).
 */
export const DEFAULT_GOLD_FREE_SIGNALS: readonly SignalName[] = ['judgeEntropy', 'secondEntropy', 'disagreement'];
