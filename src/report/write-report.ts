// Writes a study's report folder: summary.json, one SVG per chart,
// samples.html and report.md (the summary table with the plots inline).
// The thin I/O end of src/report; building the pieces is the others' job.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TribunalError } from '../core/errors.ts';
import type { NamedChart } from './render-charts.ts';
import { Summary, summaryTable, watchTable } from './summary.ts';

export { renderCharts, type NamedChart } from './render-charts.ts';

export interface ReportParts {
  summary: Summary;
  charts: NamedChart[];
  samplesHtml: string;
}

const STEM = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const RESERVED = new Set(['summary', 'samples', 'report']);

/** report.md: the table, the plots (relative links) and where the samples are. */
export function reportMarkdown(summary: Summary, chartNames: readonly string[]): string {
  const timings = Object.entries(summary.timings).map(([k, v]) => `- ${k}: ${v}`);
  return [
    '# Tribunal report',
    '',
    summaryTable(summary).trimEnd(),
    '',
    'Gold peak: the highest mean gold score on held-out prompts and its step (the checkpoint to keep).',
    'Hacking: gold fell at least delta below its peak while the proxy reward stayed at or above its value there.',
    ...goldLabelLines(summary),
    '',
    '## The hacking watch',
    '',
    watchTable(summary).trimEnd(),
    '',
    "Forecast alert: the first eval round after which the fit of gold against sqrt(KL to the initial policy) (Gao et al.'s d(alpha - beta ln d)) put the gold peak within one eval interval or behind. Gold-free warnings: a watched signal (monitor.goldFree.signals) crossed its bar under a holding proxy: an entropy (or the reward spread) fell monitor.goldFree.drop (0.3 by default) below its running maximum, or the disagreement with the second judge rose monitor.goldFree.rise above its running minimum. Lead: steps before the gold flag. The n-grams: most over-represented in samples the judge overrated (proxy - gold above the threshold), log-odds z with an informative prior.",
    '',
    '## Plots',
    '',
    ...chartNames.map((n) => `![${n}](${n}.svg)\n`),
    '## Samples',
    '',
    'Early and late policy samples per judge, with proxy and gold scores: [samples.html](samples.html).',
    'All numbers: [summary.json](summary.json).',
    ...(timings.length ? ['', '## Timings', '', ...timings] : []),
    '',
  ].join('\n');
}

/** What gold's labelling of the judge data cost, when an LLM gold did it. */
function goldLabelLines(summary: Summary): string[] {
  const g = summary.goldLabels;
  if (!g) return [];
  const u = g.usage;
  const cost = u.requests === undefined ? 'gold is a program here, nothing metered'
    : `${u.requests} requests, ${u.promptTokens ?? 0} prompt and ${u.completionTokens ?? 0} completion tokens (${u.reasoningTokens ?? 0} of them reasoning)`;
  return ['', `Gold labels: ${g.labelled} labelled, ${g.invalid} invalid (left out of judge training), ${g.failed} failed this run (asked again on resume); gold's cost: ${cost}.`];
}

/** Writes the report into `dir` (created if missing); returns the written paths. */
export async function writeReport(dir: string, parts: ReportParts): Promise<string[]> {
  const summary = Summary.parse(parts.summary);
  const names = parts.charts.map((c) => c.name);
  for (const n of names) {
    if (!STEM.test(n) || RESERVED.has(n)) throw new TribunalError('BAD_CONFIG', `chart name ${JSON.stringify(n)} is not a usable file stem`);
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new TribunalError('BAD_CONFIG', `two charts are named ${JSON.stringify(dup)}`);

  const files: [string, string][] = [
    ['summary.json', JSON.stringify(summary, null, 2) + '\n'],
    ...parts.charts.map((c): [string, string] => [`${c.name}.svg`, c.svg]),
    ['samples.html', parts.samplesHtml],
    ['report.md', reportMarkdown(summary, names)],
  ];
  try {
    await mkdir(dir, { recursive: true });
    await Promise.all(files.map(([f, text]) => writeFile(join(dir, f), text)));
  } catch (err) {
    throw new TribunalError('INTERNAL', `cannot write the report to ${dir}: ${(err as Error).message}`, { cause: err });
  }
  return files.map(([f]) => join(dir, f));
}
