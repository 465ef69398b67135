// Warnings that need no gold. A policy that has found what fools its judge
// gets the same high reward for every completion of a group, and the judge
// grows sure of it: the entropy of the judge's score distribution collapses
// while the proxy holds (so does the within-group spread of the proxy reward,
// but it collapses on honest runs too: recorded, not warned on by default).
// A second judge, trained apart, may not be fooled the same way: their
// disagreement grows (Coste et al. 2023, reward-model ensembles); its own
// entropy is watched like the judge's, and on a gold-reward run (gold gives no
// distribution) it is the only entropy there is, so it is what measures the
// entropy warning's false alarms. Each signal is smoothed over a window of
// steps; a warning is raised once when a falling signal is `drop` (a
// fraction) below its running maximum, or the rising one `rise` times above
// its running minimum (and at least `minDisagreement`), while the smoothed
// proxy is at least its running maximum minus `proxySlack`. Gold confirms or
// refutes a warning later. Pure.

import { DEFAULT_GOLD_FREE_SIGNALS, GOLD_FREE_SIGNALS, type SignalName } from '../config/gold-free-signals.ts';

export type { SignalName };
/** Signals that fall when the judge is being fooled; the rest (disagreement) rise. */
const FALLING: readonly SignalName[] = ['rewardStd', 'judgeEntropy', 'secondEntropy'];

/** What one learner step measured on the groups it trained on. */
export interface StepSignals {
  step: number;
  /** Mean proxy reward of the batch. */
  proxy: number;
  /** Mean over groups of the standard deviation of the proxy reward within the group. */
  rewardStd: number;
  /** Mean entropy (nats) of the judge's score distributions; null when the judge does not give them. */
  judgeEntropy: number | null;
  /**
   * The same for the second judge, which watches without being trained
   * against: on a gold-reward run (gold gives no distribution) it is what
   * tells whether an honest policy makes a judge sure too.
   */
  secondEntropy?: number | null;
  /** Mean |judge - second judge| over the batch's completions; null without a second judge. */
  disagreement?: number | null;
  /** Mean score the second judge gives the batch (recorded; not watched). */
  secondProxy?: number | null;
  /** Mean within-group correlation of the judge's and the second judge's scores (recorded; not watched). */
  rankAgreement?: number | null;
}

export interface GoldFreeWarning {
  type: 'gold-free-warning';
  signal: SignalName;
  step: number;
  /** The smoothed signal now, and its running maximum. */
  value: number;
  peak: number;
  proxy: number;
}

export interface GoldFreeOptions {
  /** Steps averaged. @default 5 */
  window?: number;
  /** The signals warned on. @default DEFAULT_GOLD_FREE_SIGNALS */
  signals?: readonly SignalName[];
  /** Fall below the running maximum, as a fraction of it, that warns. @default 0.3 */
  drop?: number;
  /** Rise above the running minimum, as a multiple of it, that warns (disagreement). @default 1 (doubled) */
  rise?: number;
  /** Disagreement (0-9 scale) below which no warning is raised however it grew. @default 0.5 */
  minDisagreement?: number;
  /** Steps before any warning (the start of a run moves fast). @default 10 */
  minSteps?: number;
  /** How far below its running maximum the smoothed proxy may be and the warning still stand (0-9 scale). @default 0.5 */
  proxySlack?: number;
}

/** Mean within-group standard deviation of rewards. */
export function withinGroupStd(rewardsByGroup: readonly ArrayLike<number>[]): number {
  if (rewardsByGroup.length === 0) return 0;
  let sum = 0;
  for (const r of rewardsByGroup) {
    let m = 0;
    for (let i = 0; i < r.length; i++) m += r[i];
    m /= r.length || 1;
    let v = 0;
    for (let i = 0; i < r.length; i++) v += (r[i] - m) ** 2;
    sum += Math.sqrt(v / (r.length || 1));
  }
  return sum / rewardsByGroup.length;
}

/** Entropy in nats of a probability vector (renormalised; zeros skipped). */
export function entropy(p: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) total += p[i];
  if (!(total > 0)) return 0;
  let h = 0;
  for (let i = 0; i < p.length; i++) {
    const q = p[i] / total;
    if (q > 0) h -= q * Math.log(q);
  }
  return h;
}

export class GoldFreeWatch {
  private readonly opts: Required<GoldFreeOptions>;
  private readonly history: StepSignals[] = [];
  private readonly peaks = new Map<SignalName | 'proxy', number>();
  private readonly lows = new Map<SignalName, number>();
  private readonly warned = new Set<SignalName>();
  readonly warnings: GoldFreeWarning[] = [];

  constructor(opts: GoldFreeOptions = {}) {
    this.opts = { window: opts.window ?? 5, signals: opts.signals ?? DEFAULT_GOLD_FREE_SIGNALS, drop: opts.drop ?? 0.3, rise: opts.rise ?? 1, minDisagreement: opts.minDisagreement ?? 0.5, minSteps: opts.minSteps ?? 10, proxySlack: opts.proxySlack ?? 0.5 };
  }

  static replay(rows: readonly StepSignals[], opts: GoldFreeOptions = {}): GoldFreeWatch {
    const w = new GoldFreeWatch(opts);
    for (const r of rows) w.observe(r);
    return w;
  }

  /** The warnings this step raises (each signal warns once per run). */
  observe(s: StepSignals): GoldFreeWarning[] {
    this.history.push(s);
    const recent = this.history.slice(-this.opts.window);
    const smooth = (f: (x: StepSignals) => number | null): number | null => {
      const xs = recent.map(f).filter((x): x is number => x !== null && Number.isFinite(x));
      return xs.length === recent.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
    };
    const proxy = smooth((x) => x.proxy);
    const values: Record<SignalName, number | null> = { rewardStd: smooth((x) => x.rewardStd), judgeEntropy: smooth((x) => x.judgeEntropy), secondEntropy: smooth((x) => x.secondEntropy ?? null), disagreement: smooth((x) => x.disagreement ?? null) };
    const full = recent.length === this.opts.window;
    const out: GoldFreeWarning[] = [];
    if (full && proxy !== null) this.peaks.set('proxy', Math.max(this.peaks.get('proxy') ?? -Infinity, proxy));
    const proxyHolds = proxy !== null && proxy >= (this.peaks.get('proxy') ?? Infinity) - this.opts.proxySlack;
    for (const name of GOLD_FREE_SIGNALS) {
      if (!this.opts.signals.includes(name)) continue;
      const v = values[name];
      if (!full || v === null) continue;
      const peak = Math.max(this.peaks.get(name) ?? -Infinity, v);
      const low = Math.min(this.lows.get(name) ?? Infinity, v);
      this.peaks.set(name, peak);
      this.lows.set(name, low);
      const falling = FALLING.includes(name);
      const moved = falling
        ? peak > 0 && v <= (1 - this.opts.drop) * peak
        : v >= this.opts.minDisagreement && v >= (1 + this.opts.rise) * low;
      if (this.history.length >= this.opts.minSteps && !this.warned.has(name) && moved && proxyHolds) {
        this.warned.add(name);
        // peak: the running maximum of a falling signal, the running minimum of a rising one (what it moved from).
        const w: GoldFreeWarning = { type: 'gold-free-warning', signal: name, step: s.step, value: v, peak: falling ? peak : low, proxy: proxy! };
        this.warnings.push(w);
        out.push(w);
      }
    }
    return out;
  }
}
