// The second gold curve: gold against proxy on the sampled training groups
// (actors.gold.sampleFraction of them), beside the held-out eval rounds, as
// the paper reports both. Results are grouped into windows of training steps
// by the version that sampled them; a window closes once the learner is far
// enough past it that no group of it can still be trained on. Pure: writing
// rows and publishing events is the learner's job (src/learner/eval-rounds.ts).
import { z } from 'zod';

/** One gold-scored training group (a row of gold-train.jsonl). */
export interface TrainGoldRow {
  requestId: string;
  /** Policy version that sampled the group. */
  version: number;
  gold: number;
  proxy: number;
  completions: number;
}

export const TrainGoldEvent = z.object({
  type: z.literal('train-gold'),
  /** Versions fromVersion..toVersion, inclusive. */
  fromVersion: z.number().int().nonnegative(),
  toVersion: z.number().int().nonnegative(),
  gold: z.number(),
  proxy: z.number(),
  groups: z.number().int().positive(),
});
export type TrainGoldEvent = z.infer<typeof TrainGoldEvent>;

export type TrainGoldWindow = Omit<TrainGoldEvent, 'type'>;

const windowOf = (version: number, steps: number) => Math.floor(version / steps);

/** Completion-weighted means per window of `windowSteps` versions, in version order. */
export function trainGoldWindows(rows: readonly TrainGoldRow[], windowSteps: number): TrainGoldWindow[] {
  const acc = new Map<number, { gold: number; proxy: number; n: number; groups: number }>();
  for (const r of rows) {
    const k = windowOf(r.version, windowSteps);
    const a = acc.get(k) ?? { gold: 0, proxy: 0, n: 0, groups: 0 };
    const n = Math.max(1, r.completions);
    a.gold += r.gold * n;
    a.proxy += r.proxy * n;
    a.n += n;
    a.groups += 1;
    acc.set(k, a);
  }
  return [...acc.entries()].sort(([a], [b]) => a - b).map(([k, a]) => ({
    fromVersion: k * windowSteps, toVersion: (k + 1) * windowSteps - 1, gold: a.gold / a.n, proxy: a.proxy / a.n, groups: a.groups,
  }));
}

/**
 * Collects training-sample gold results as they arrive (deduplicated by
 * request id: redeliveries count once) and says which windows have closed.
 */
export class TrainGoldWatch {
  private readonly rows = new Map<string, TrainGoldRow>();
  private readonly closed = new Set<number>();
  private sinceTake: TrainGoldRow[] = [];

  constructor(private readonly windowSteps: number, private readonly eta: number) {}

  /** Rows already recorded (a restarted learner's replay); their closed windows are not announced again. */
  static replay(rows: readonly TrainGoldRow[], windowSteps: number, eta: number, learnerVersion: number): TrainGoldWatch {
    const w = new TrainGoldWatch(windowSteps, eta);
    for (const r of rows) w.rows.set(r.requestId, r);
    w.closeUpTo(learnerVersion);
    return w;
  }

  /** False for a redelivered result. */
  add(row: TrainGoldRow): boolean {
    if (this.rows.has(row.requestId)) return false;
    this.rows.set(row.requestId, row);
    this.sinceTake.push(row);
    return true;
  }

  /** Results added since the last call, summed (for the learner's metrics row); null when none. */
  takeRecent(): { gold: number; proxy: number; groups: number } | null {
    const w = trainGoldWindows(this.sinceTake.map((r) => ({ ...r, version: 0 })), 1)[0];
    this.sinceTake = [];
    return w ? { gold: w.gold, proxy: w.proxy, groups: w.groups } : null;
  }

  /**
   * Windows that closed now the learner is at `learnerVersion`: a group sampled
   * at version v can be trained on up to version v + eta + 1, so a window
   * ending at b is complete (but for gold still at work) past b + eta + 1.
   */
  closeUpTo(learnerVersion: number): TrainGoldEvent[] {
    const out: TrainGoldEvent[] = [];
    for (const w of trainGoldWindows([...this.rows.values()], this.windowSteps)) {
      const k = windowOf(w.fromVersion, this.windowSteps);
      if (this.closed.has(k) || learnerVersion <= w.toVersion + this.eta + 1) continue;
      this.closed.add(k);
      out.push({ type: 'train-gold', ...w });
    }
    return out;
  }
}
