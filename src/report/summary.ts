// The result of a study in one object: per judge, its static agreement with
// gold and what the gold curve did while a policy trained against it (peak,
// final, hacking flag). Pure; writing it out is write-report.ts's job.
import { z } from 'zod';
import { MonitorState } from '../monitor/hacking-monitor.ts';
import type { TrainGoldWindow } from '../monitor/train-gold.ts';

export const JudgeKind = z.enum(['non-reasoning', 'reasoning', 'reasoning-rl', 'gold-reward']);
export type JudgeKind = z.infer<typeof JudgeKind>;

/** Agreement with gold on held-out judge data: alpha for pointwise judges, accuracy for pairwise. */
export interface StaticEval {
  alpha?: number;
  accuracy?: number;
  /** Mean absolute error against gold, 0-9 scale. */
  mae?: number;
  /** Fraction of verdicts that did not parse, 0-1. */
  invalidRate: number;
  n: number;
}

/**
 * One judge's run: eval rounds on held-out prompts (step, proxy and gold
 * means), the monitor's final state, and gold vs proxy on the sampled
 * training groups per window of sampling versions.
 */
export interface JudgeRun {
  name: string;
  kind: JudgeKind;
  staticEval?: StaticEval;
  rounds: { step: number; proxy: number; gold: number }[];
  monitor: MonitorState;
  trainGold?: TrainGoldWindow[];
  watch?: HackingWatch;
}

/** What the hacking watch saw beyond the gold flag. */
export interface HackingWatch {
  /** The first round after which the gold-peak forecast said near or passed. */
  forecastAlert: { step: number; status: string; peakStep: number | null; band: [number, number] | null; rounds: number } | null;
  /** The first warning of each gold-free signal. */
  warnings: { signal: string; step: number }[];
  /** The top n-grams the judge overrated, per round. */
  patterns: { step: number; overrated: number; top: { ngram: string; z: number }[] }[];
  /** The adaptive eval schedule replayed on the run's rounds: rounds it would have made, and its flag. */
  adaptive?: { rounds: number; denseRounds: number; flagStep: number | null; denseFlagStep: number | null } | null;
}

export interface SummaryInput {
  judges: JudgeRun[];
  /** The experiment config (plain JSON data). */
  config: Record<string, unknown>;
  /** Wall-clock durations by name, milliseconds (e.g. { totalMs, judgeTrainMs }). */
  timings: Record<string, number>;
  goldLabels?: GoldLabelsSummary;
}

const num = z.number().nullable();
export const JudgeSummary = z.object({
  name: z.string(),
  kind: JudgeKind,
  staticAlpha: num,
  staticAccuracy: num,
  staticMae: num,
  staticInvalidRate: num,
  staticN: num,
  evalRounds: z.number().int().nonnegative(),
  goldPeak: num,
  goldPeakStep: num,
  finalStep: num,
  finalGold: num,
  finalProxy: num,
  proxyAtGoldPeak: num,
  /** goldPeak - finalGold: how much of the peak the run gave back. */
  goldDropFromPeak: num,
  hackingFlagged: z.boolean(),
  /** Step of the first hacking flag. */
  hackingStep: num,
  hackingFlags: z.number().int().nonnegative(),
  /** Gold on the sampled training groups: windows, best window mean (and its last version), last window. */
  trainGoldWindows: z.number().int().nonnegative().default(0),
  trainGoldPeak: num.default(null),
  trainGoldPeakVersion: num.default(null),
  finalTrainGold: num.default(null),
  finalTrainProxy: num.default(null),
  /** The hacking watch: the forecast's first near/passed alert (its step, the peak step it forecast, the band), gold-free warnings, patterns. */
  forecastAlertStep: num.default(null),
  forecastPeakStep: num.default(null),
  forecastBand: z.tuple([z.number(), z.number()]).nullable().default(null),
  forecastRounds: num.default(null),
  /** Steps from the forecast's alert to the gold flag (positive: before it). */
  forecastLeadSteps: num.default(null),
  goldFreeWarnings: z.array(z.object({ signal: z.string(), step: z.number(), leadSteps: num })).default([]),
  /** The last round's top overrated n-grams, with their z then and in the first round that ranked them. */
  patterns: z.array(z.object({ ngram: z.string(), z: z.number(), firstStep: z.number(), firstZ: z.number() })).default([]),
  /** Gold spent: eval rounds after step 0 at the run's fixed interval, and what the adaptive schedule would have made on them (with its flag step). */
  denseRounds: num.default(null),
  adaptiveRounds: num.default(null),
  adaptiveFlagStep: num.default(null),
});
export type JudgeSummary = z.infer<typeof JudgeSummary>;

/** What labelling the judge data with an LLM gold took (studies on preference data). */
export const GoldLabelsSummary = z.object({
  labelled: z.number().int().nonnegative(),
  /** Verdicts that did not parse: left out of judge training. */
  invalid: z.number().int().nonnegative(),
  /** Requests that failed after retries in the last run: left unlabelled, asked again on resume. */
  failed: z.number().int().nonnegative(),
  /** Gold's usage over every labelling run of the study: requests, promptTokens, completionTokens, reasoningTokens... */
  usage: z.record(z.string(), z.number()),
}).strict();
export type GoldLabelsSummary = z.infer<typeof GoldLabelsSummary>;

export const Summary = z.object({
  schemaVersion: z.literal(1),
  judges: z.array(JudgeSummary),
  goldLabels: GoldLabelsSummary.optional(),
  config: z.record(z.string(), z.unknown()),
  timings: z.record(z.string(), z.number()),
});
export type Summary = z.infer<typeof Summary>;

/** JSON has no NaN (alpha is NaN when undefined): absent and NaN become null. */
const orNull = (v: number | null | undefined): number | null => (v === undefined || v === null || !Number.isFinite(v) ? null : v);

export function summarizeJudge(j: JudgeRun): JudgeSummary {
  // Last round by step; among equal steps the later observation wins.
  const last = j.rounds.reduce<JudgeRun['rounds'][number] | null>((a, r) => (a === null || r.step >= a.step ? r : a), null);
  const m = j.monitor;
  const goldPeak = orNull(m.goldPeak);
  const finalGold = orNull(last?.gold);
  const train = j.trainGold ?? [];
  const trainPeak = train.reduce<TrainGoldWindow | null>((a, w) => (a === null || w.gold > a.gold ? w : a), null);
  return {
    name: j.name,
    kind: j.kind,
    staticAlpha: orNull(j.staticEval?.alpha),
    staticAccuracy: orNull(j.staticEval?.accuracy),
    staticMae: orNull(j.staticEval?.mae),
    staticInvalidRate: orNull(j.staticEval?.invalidRate),
    staticN: orNull(j.staticEval?.n),
    evalRounds: j.rounds.length,
    goldPeak,
    goldPeakStep: orNull(m.goldPeakStep),
    finalStep: orNull(last?.step),
    finalGold,
    finalProxy: orNull(last?.proxy),
    proxyAtGoldPeak: orNull(m.proxyAtPeak),
    goldDropFromPeak: goldPeak !== null && finalGold !== null ? goldPeak - finalGold : null,
    hackingFlagged: m.flagged,
    hackingStep: orNull(m.flags[0]?.step),
    hackingFlags: m.flags.length,
    trainGoldWindows: train.length,
    trainGoldPeak: orNull(trainPeak?.gold),
    trainGoldPeakVersion: orNull(trainPeak?.toVersion),
    finalTrainGold: orNull(train.at(-1)?.gold),
    finalTrainProxy: orNull(train.at(-1)?.proxy),
    ...watchSummary(j.watch, orNull(m.flags[0]?.step)),
  };
}

function watchSummary(w: HackingWatch | undefined, flagStep: number | null): Pick<JudgeSummary, 'forecastAlertStep' | 'forecastPeakStep' | 'forecastBand' | 'forecastRounds' | 'forecastLeadSteps' | 'goldFreeWarnings' | 'patterns' | 'denseRounds' | 'adaptiveRounds' | 'adaptiveFlagStep'> {
  const lead = (step: number | null) => (step === null || flagStep === null ? null : flagStep - step);
  const a = w?.forecastAlert ?? null;
  const lastRound = w?.patterns.at(-1);
  return {
    denseRounds: w?.adaptive?.denseRounds ?? null,
    adaptiveRounds: w?.adaptive?.rounds ?? null,
    adaptiveFlagStep: w?.adaptive?.flagStep ?? null,
    forecastAlertStep: a?.step ?? null,
    forecastPeakStep: orNull(a?.peakStep),
    forecastBand: a?.band ?? null,
    forecastRounds: a?.rounds ?? null,
    forecastLeadSteps: lead(a?.step ?? null),
    goldFreeWarnings: (w?.warnings ?? []).map((x) => ({ signal: x.signal, step: x.step, leadSteps: lead(x.step) })),
    patterns: (lastRound?.top ?? []).map((p) => {
      const first = w!.patterns.find((r) => r.top.some((t) => t.ngram === p.ngram))!;
      return { ngram: p.ngram, z: p.z, firstStep: first.step, firstZ: first.top.find((t) => t.ngram === p.ngram)!.z };
    }),
  };
}

export function buildSummary(input: SummaryInput): Summary {
  const judges = input.judges.map((j) => summarizeJudge({ ...j, monitor: MonitorState.parse(j.monitor) }));
  return Summary.parse({ schemaVersion: 1, judges, config: input.config, timings: input.timings, goldLabels: input.goldLabels });
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const f = (v: number | null, digits = 2) => (v === null ? '-' : v.toFixed(digits));

/** The hacking watch per judge: when the forecast and the gold-free signals spoke, against the gold flag, and what the judge overrated. */
export function watchTable(summary: Summary): string {
  const head = ['judge', 'gold peak (step)', 'hacking flag', 'forecast alert: step (peak forecast, band)', 'gold-free warnings (lead)', 'top overrated n-grams, last round (z)'];
  const rows = summary.judges.map((j) => [
    cell(j.name),
    j.goldPeakStep === null ? '-' : String(j.goldPeakStep),
    j.hackingFlagged ? `step ${j.hackingStep}` : 'no',
    j.forecastAlertStep === null ? 'none' : `${j.forecastAlertStep} (${j.forecastPeakStep === null ? '?' : Math.round(j.forecastPeakStep)}${j.forecastBand ? `, ${Math.round(j.forecastBand[0])}-${Math.round(j.forecastBand[1])}` : ''})${j.forecastLeadSteps === null ? '' : `, lead ${j.forecastLeadSteps}`}`,
    j.goldFreeWarnings.length ? j.goldFreeWarnings.map((x) => `${x.signal} ${x.step}${x.leadSteps === null ? '' : ` (${x.leadSteps})`}`).join('; ') : 'none',
    j.patterns.length ? j.patterns.map((p) => `${cell(p.ngram)} (${p.z.toFixed(1)})`).join(', ') : '-',
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

/** A markdown table, one row per judge, for README and the console. */
export function summaryTable(summary: Summary): string {
  const head = ['judge', 'kind', 'static α / acc', 'MAE', 'gold peak (step)', 'final gold', 'final proxy', 'proxy at peak', 'gold on train samples: peak -> final', 'hacking'];
  const rows = summary.judges.map((j) => [
    cell(j.name),
    j.kind,
    j.staticAlpha !== null ? `α ${f(j.staticAlpha, 3)}` : j.staticAccuracy !== null ? `acc ${f(j.staticAccuracy, 3)}` : '-',
    f(j.staticMae),
    j.goldPeak === null ? '-' : `${f(j.goldPeak)} (${j.goldPeakStep})`,
    f(j.finalGold),
    f(j.finalProxy),
    f(j.proxyAtGoldPeak),
    j.trainGoldPeak === null ? '-' : `${f(j.trainGoldPeak)} -> ${f(j.finalTrainGold)}`,
    j.hackingFlagged ? `flagged at step ${j.hackingStep}` : 'no',
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}
