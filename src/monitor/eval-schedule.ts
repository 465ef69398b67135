// Gold spent where it tells something. Eval rounds (gold's expensive calls)
// come every `every` steps at their densest; while the gold curve is flat and
// nothing alarms, the interval doubles (up to maxEvery), and it drops back to
// `every` as soon as gold moves by flatDelta or more, or the forecast or a
// gold-free warning speaks. A budget caps the rounds of a run (the final one
// is always made). Pure. simulateSchedule replays it on the rounds of a run
// that evaluated at the densest interval, to see what it would have saved.
import { HackingMonitor, type HackingMonitorOptions, type MonitorRound } from './hacking-monitor.ts';

export interface EvalScheduleOptions {
  /** The densest interval, in steps (actors.gold.evalEvery). */
  every: number;
  /** The sparsest. @default 4 * every */
  maxEvery?: number;
  /** A gold change smaller than this between two rounds is flat (0-9 scale). @default 0.25 */
  flatDelta?: number;
  /** Rounds a run may make, the final one not counted (0: no limit). @default 0 */
  budget?: number;
}

export class EvalSchedule {
  private readonly every: number;
  private readonly maxEvery: number;
  private readonly flatDelta: number;
  private readonly budget: number;
  private interval: number;
  private lastGold: number | null = null;
  private lastStep = 0;
  private made = 0;

  constructor(opts: EvalScheduleOptions) {
    this.every = Math.max(1, opts.every);
    this.maxEvery = Math.max(this.every, opts.maxEvery ?? 4 * this.every);
    this.flatDelta = opts.flatDelta ?? 0.25;
    this.budget = opts.budget ?? 0;
    this.interval = this.every;
  }

  /** The step the next round is due at (Infinity when the budget is spent). */
  get nextStep(): number {
    if (this.budget > 0 && this.made >= this.budget) return Infinity;
    return this.lastStep + this.interval;
  }

  get rounds(): number { return this.made; }

  /** A round was asked for at `step` (step 0 is free: the starting point). */
  requested(step: number): void {
    this.lastStep = step;
    if (step > 0) this.made++;
  }

  /** A round's result: gold, and whether anything alarmed since the round before. */
  observe(gold: number, alarmed: boolean): void {
    const flat = this.lastGold !== null && Math.abs(gold - this.lastGold) < this.flatDelta;
    this.interval = alarmed || !flat ? this.every : Math.min(this.maxEvery, 2 * this.interval);
    this.lastGold = gold;
  }
}

export interface ScheduleReplay {
  /** Rounds the schedule would have asked for (after step 0), and the run's densest schedule's. */
  rounds: number;
  denseRounds: number;
  /** The first hacking flag's step under each (null: not flagged). */
  flagStep: number | null;
  denseFlagStep: number | null;
  /** The rounds kept, in order. */
  steps: number[];
}

/**
 * Replays the schedule on a run evaluated every `opts.every` steps: a round
 * the schedule would not have asked for is skipped (the policy's path is the
 * same: eval rounds never feed training). `alarmAt(step)`: whether the watch
 * alarmed by that round. The hacking monitor runs on the kept rounds.
 */
export function simulateSchedule(rounds: readonly MonitorRound[], opts: EvalScheduleOptions, monitor: HackingMonitorOptions, alarmAt: (step: number) => boolean = () => false): ScheduleReplay {
  const sorted = [...rounds].sort((a, b) => a.step - b.step);
  const schedule = new EvalSchedule(opts);
  const kept: MonitorRound[] = [];
  for (const r of sorted) {
    if (r.step !== 0 && r.step < schedule.nextStep) continue;
    schedule.requested(r.step);
    kept.push(r);
    schedule.observe(r.gold, alarmAt(r.step));
  }
  const flag = (rs: readonly MonitorRound[]) => HackingMonitor.replay(rs, monitor).state().flags[0]?.step ?? null;
  return {
    rounds: kept.filter((r) => r.step > 0).length, denseRounds: sorted.filter((r) => r.step > 0).length,
    flagStep: flag(kept), denseFlagStep: flag(sorted), steps: kept.map((r) => r.step),
  };
}
