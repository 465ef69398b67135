// Where the time of an RL step goes. Each group carries when it was granted,
// when its sampling and its judging started and ended; the learner adds when
// it received it. Each step row of metrics.jsonl gets a timeline: those times
// relative to the moment the step took its batch, and the step's own phases
// (waiting for the batch, commit, train: pi_prox and the update, export,
// publish); a rollout adds how long it loaded new weights before the group. summarizeTimelines turns
// rows into per-hop medians: the hop that holds the pipeline back is the one
// whose share grows. Pure. Times are epoch ms from each host's clock: exact on
// one host, off by the clock skew between hosts.

/** One group's journey, epoch ms (undefined where an older producer did not say). */
export interface GroupTimes {
  version: number;
  grantedAtMs?: number;
  sampleStartMs?: number;
  sampledAtMs: number;
  judgeStartMs?: number;
  scoredAtMs?: number;
  receivedAtMs: number;
  /** The rollout's weights load right before sampling it, ms (0: none). */
  weightsLoadMs?: number;
}

/** A group's times in a metrics row: ms before the step took its batch (null: unknown). */
export interface GroupTimeline {
  v: number;
  granted: number | null;
  sampleStart: number | null;
  sampled: number;
  judgeStart: number | null;
  scored: number | null;
  received: number;
  /** ms loading weights before sampling (null: unknown). */
  load?: number | null;
}

export interface StepTimeline {
  /** Epoch ms when the step took its batch. */
  atMs: number;
  /** From the end of the previous step (its publication and metrics row included) to the batch being there: the learner idle. */
  waitMs: number;
  commitMs: number;
  /** From the commit's start to the update's end: pi_prox, the update, KL when asked. */
  trainMs: number;
  /** Of trainMs, taking pi_prox (and pi_ref) before the first mini-batch: 0 when the trainer took it from that pass (null: an older row). */
  proxMs?: number | null;
  /** Of trainMs, forward/backward and optimizer steps (null: an older row). */
  updateMs?: number | null;
  /** Weights exported (the learner waits for this part; sending them it does not). */
  exportMs: number;
  /** The latest publication that finished: from its export to the scheduler knowing it (null before the first). */
  publishedAfterMs: number | null;
  groups: GroupTimeline[];
}

const rel = (t: number | undefined, atMs: number) => (t === undefined ? null : round1(t - atMs));
const round1 = (x: number) => Math.round(x * 10) / 10;

export function stepTimeline(atMs: number, phases: Omit<StepTimeline, 'atMs' | 'groups'>, groups: GroupTimes[]): StepTimeline {
  const opt = (x: number | null | undefined) => (x === undefined || x === null ? null : round1(x));
  return {
    atMs,
    waitMs: round1(phases.waitMs), commitMs: round1(phases.commitMs), trainMs: round1(phases.trainMs),
    proxMs: opt(phases.proxMs), updateMs: opt(phases.updateMs), exportMs: round1(phases.exportMs),
    publishedAfterMs: phases.publishedAfterMs === null ? null : round1(phases.publishedAfterMs),
    groups: groups.map((g) => ({
      v: g.version,
      granted: rel(g.grantedAtMs, atMs), sampleStart: rel(g.sampleStartMs, atMs), sampled: rel(g.sampledAtMs, atMs)!,
      judgeStart: rel(g.judgeStartMs, atMs), scored: rel(g.scoredAtMs, atMs), received: rel(g.receivedAtMs, atMs)!,
      load: g.weightsLoadMs === undefined ? null : round1(g.weightsLoadMs),
    })),
  };
}

/** A group's hops in order; each is the time from one mark to the next (the last ends when the step took it). */
export const HOPS = ['admitted', 'sample', 'toJudge', 'judge', 'toLearner', 'buffered'] as const;
export type Hop = (typeof HOPS)[number];
export const STEP_PHASES = ['waitMs', 'commitMs', 'trainMs', 'proxMs', 'updateMs', 'exportMs', 'publishedAfterMs'] as const;

/** What each hop is, for people. */
export const HOP_MEANING: Record<Hop, string> = {
  admitted: 'grant -> sampling starts (weights wait, the rollout busy with its other grants)',
  sample: 'sampling G completions',
  toJudge: 'sampled -> a judge starts (the rollouts queue)',
  judge: 'judging the group',
  toLearner: 'scored -> the learner has it (the scored queue)',
  buffered: 'in the learner buffer until a step takes it',
};

export function groupHops(g: GroupTimeline): Partial<Record<Hop, number>> {
  const marks: (number | null)[] = [g.granted, g.sampleStart, g.sampled, g.judgeStart, g.scored, g.received, 0];
  const out: Partial<Record<Hop, number>> = {};
  HOPS.forEach((hop, i) => {
    const a = marks[i], b = marks[i + 1];
    if (a !== null && b !== null) out[hop] = b - a;
  });
  return out;
}

export interface Spread { median: number; p90: number; n: number }

export function spread(xs: number[]): Spread {
  if (xs.length === 0) return { median: NaN, p90: NaN, n: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => {
    const i = (s.length - 1) * p;
    const lo = Math.floor(i), hi = Math.ceil(i);
    return s[lo] + (s[hi] - s[lo]) * (i - lo);
  };
  return { median: q(0.5), p90: q(0.9), n: s.length };
}

export interface TimelineSummary {
  steps: number;
  groups: number;
  step: Record<(typeof STEP_PHASES)[number], Spread>;
  hops: Record<Hop, Spread>;
  /** Loading new weights before a group was sampled (part of its 'admitted' hop). */
  load: Spread;
  /** Versions between the policy that sampled a group and the learner that took it. */
  staleness: Spread;
}

/** Per-phase and per-hop medians over the rows that have a timeline (steps from `fromStep` on). */
export function summarizeTimelines(rows: { step: number; version: number; timeline?: StepTimeline }[], fromStep = 1): TimelineSummary {
  const used = rows.filter((r) => r.step >= fromStep && r.timeline);
  const groups = used.flatMap((r) => r.timeline!.groups.map((g) => ({ g, learnerVersion: r.version - 1 })));
  const hops = {} as Record<Hop, Spread>;
  for (const hop of HOPS) hops[hop] = spread(groups.map(({ g }) => groupHops(g)[hop]).filter((x): x is number => x !== undefined));
  const step = {} as TimelineSummary['step'];
  for (const p of STEP_PHASES) step[p] = spread(used.map((r) => r.timeline![p]).filter((x): x is number => typeof x === 'number'));
  const load = spread(groups.map(({ g }) => g.load).filter((x): x is number => typeof x === 'number'));
  return { steps: used.length, groups: groups.length, step, hops, load, staleness: spread(groups.map(({ g, learnerVersion }) => learnerVersion - g.v)) };
}

/** The summary as lines for a terminal: one per step phase and hop, median and p90 in ms. */
export function formatTimelineSummary(s: TimelineSummary): string[] {
  const ms = (x: Spread) => `${x.median.toFixed(1)} ms (p90 ${x.p90.toFixed(1)})`;
  const phases = STEP_PHASES.filter((p) => s.step[p].n > 0);
  return [
    `  learner per step (${s.steps} steps): ${phases.map((p) => `${p.replace(/Ms$/, '')} ${ms(s.step[p])}`).join(', ')} (prox and update: parts of train; publishedAfter: in the background)`,
    `  per group (${s.groups} groups, staleness median ${s.staleness.median} max-p90 ${s.staleness.p90}):`,
    ...HOPS.map((h) => `    ${h.padEnd(10)} ${ms(s.hops[h]).padEnd(24)} ${HOP_MEANING[h]}`),
    ...(s.load.n > 0 ? [`    ${'load'.padEnd(10)} ${ms(s.load).padEnd(24)} loading new weights before sampling (part of admitted)`] : []),
  ];
}
