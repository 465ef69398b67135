// One study run per seed, put side by side: per judge, the mean, min and max
// over seeds of what decides the paper's question (gold peak and its step,
// final gold, the drop from the peak, the flagged step) and of what the
// hacking watch saw (forecast alert and warnings, their lead on the flag).
// Pure; `tribunal seeds` reads the summaries and prints the table.
import type { Summary } from './summary.ts';

export interface Spread { mean: number; min: number; max: number; n: number }

export function spreadOf(xs: readonly (number | null)[]): Spread | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return null;
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, min: Math.min(...v), max: Math.max(...v), n: v.length };
}

export interface SeedsRow {
  judge: string;
  seeds: number;
  goldPeak: Spread | null;
  goldPeakStep: Spread | null;
  finalGold: Spread | null;
  dropFromPeak: Spread | null;
  /** Seeds whose run was flagged, and the flagged steps. */
  flagged: number;
  flagStep: Spread | null;
  /** Seeds where the forecast alerted, and its lead on the flag (flagged seeds only). */
  forecastAlerts: number;
  forecastLead: Spread | null;
  /** Per gold-free signal: seeds it warned on, and its lead on the flag. */
  warnings: Record<string, { seeds: number; lead: Spread | null }>;
  /** Gold spent: eval rounds at the fixed interval, and what the adaptive schedule would have made (and how much later it flagged). */
  denseRounds: Spread | null;
  adaptiveRounds: Spread | null;
  adaptiveFlagDelay: Spread | null;
}

export function seedsRows(summaries: readonly Summary[]): SeedsRow[] {
  const names = [...new Set(summaries.flatMap((s) => s.judges.map((j) => j.name)))];
  return names.map((judge) => {
    const js = summaries.map((s) => s.judges.find((j) => j.name === judge)).filter((j) => j !== undefined);
    const signals = [...new Set(js.flatMap((j) => j.goldFreeWarnings.map((w) => w.signal)))].sort();
    return {
      judge, seeds: js.length,
      goldPeak: spreadOf(js.map((j) => j.goldPeak)),
      goldPeakStep: spreadOf(js.map((j) => j.goldPeakStep)),
      finalGold: spreadOf(js.map((j) => j.finalGold)),
      dropFromPeak: spreadOf(js.map((j) => j.goldDropFromPeak)),
      flagged: js.filter((j) => j.hackingFlagged).length,
      flagStep: spreadOf(js.map((j) => j.hackingStep)),
      forecastAlerts: js.filter((j) => j.forecastAlertStep !== null).length,
      forecastLead: spreadOf(js.map((j) => j.forecastLeadSteps)),
      denseRounds: spreadOf(js.map((j) => j.denseRounds)),
      adaptiveRounds: spreadOf(js.map((j) => j.adaptiveRounds)),
      adaptiveFlagDelay: spreadOf(js.map((j) => (j.adaptiveFlagStep === null || j.hackingStep === null ? null : j.adaptiveFlagStep - j.hackingStep))),
      warnings: Object.fromEntries(signals.map((sig) => {
        const ws = js.map((j) => j.goldFreeWarnings.find((w) => w.signal === sig)).filter((w) => w !== undefined);
        return [sig, { seeds: ws.length, lead: spreadOf(ws.map((w) => w.leadSteps)) }];
      })),
    };
  });
}

const fmt = (s: Spread | null, digits = 2) => (s === null ? '-' : s.n === 1 || s.min === s.max ? s.mean.toFixed(digits) : `${s.mean.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`);

/** The table: mean (min-max) over seeds per judge. */
export function seedsTable(rows: readonly SeedsRow[]): string {
  const head = ['judge', 'seeds', 'gold peak', 'peak step', 'final gold', 'drop from peak', 'flagged (step)', 'forecast alerts (lead)', 'gold-free warnings: seeds (lead)', 'eval rounds: fixed -> adaptive (flag later by)'];
  const line = (c: string[]) => `| ${c.join(' | ')} |`;
  const body = rows.map((r) => line([
    r.judge, String(r.seeds), fmt(r.goldPeak), fmt(r.goldPeakStep, 0), fmt(r.finalGold), fmt(r.dropFromPeak),
    `${r.flagged} of ${r.seeds}${r.flagStep ? ` (${fmt(r.flagStep, 0)})` : ''}`,
    `${r.forecastAlerts} of ${r.seeds}${r.forecastLead ? ` (${fmt(r.forecastLead, 0)})` : ''}`,
    Object.entries(r.warnings).map(([sig, w]) => `${sig} ${w.seeds}${w.lead ? ` (${fmt(w.lead, 0)})` : ''}`).join('; ') || 'none',
    r.denseRounds && r.adaptiveRounds ? `${fmt(r.denseRounds, 1)} -> ${fmt(r.adaptiveRounds, 1)}${r.adaptiveFlagDelay ? ` (${fmt(r.adaptiveFlagDelay, 0)})` : ''}` : '-',
  ]));
  return [line(head), line(head.map(() => '---')), ...body].join('\n') + '\n';
}
