// One self-contained HTML page for reading policy samples: per judge, early
// training beside late training, with proxy and gold scores, and samples the
// proxy overrates (proxy - gold large) highlighted. The paper found its
// adversarial patterns by reading such outputs. Choosing samples is the caller's.
import type { GoldResult } from '../wire/messages.ts';
import { escapeXml as esc } from './escape.ts';

export interface Sample {
  prompt: string;
  response: string;
  /** Gold judge score, 0-9. */
  gold: number;
  /** Training judge's reward (expected score), 0-9. */
  proxy: number;
  /** Training step of the eval round it came from, when known. */
  step?: number;
}

export interface SamplesPageOptions {
  title: string;
  judges: { name: string; early: Sample[]; late: Sample[] }[];
  /** proxy - gold at or above this is highlighted, 0-9 scale. @default 2 */
  gapThreshold?: number;
}

/**
 * Samples of the earliest and the latest eval rounds: `perSide` from each end,
 * early in step order, late newest round first. Train-kind results are ignored.
 */
export function earlyLateSamples(results: readonly GoldResult[], perSide: number): { early: Sample[]; late: Sample[] } {
  const rounds = results.filter((r) => r.kind === 'eval').sort((a, b) => a.step - b.step);
  const take = (rs: readonly GoldResult[]) => rs.flatMap((r) => r.samples.map((s) => ({ ...s, step: r.step }))).slice(0, perSide);
  const early = take(rounds);
  // The late side never repeats a round the early side drew from, so short runs don't show one round twice.
  const usedSteps = new Set(early.map((s) => s.step));
  const late = take([...rounds].reverse().filter((r) => !usedSteps.has(r.step)));
  return { early, late };
}

const STYLE = `
body { font-family: sans-serif; margin: 1.5em; color: #222; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; }
.cols { display: flex; gap: 1.5em; align-items: flex-start; }
.col { flex: 1; min-width: 0; }
.sample { border: 1px solid #ddd; border-radius: 4px; padding: .5em .8em; margin-bottom: .8em; }
.sample.overrated { border: 2px solid #d62728; background: #fff4f4; }
.scores { font-size: .9em; margin-bottom: .4em; display: flex; gap: 1em; }
.gap { font-weight: bold; }
.overrated .gap { color: #d62728; }
.label { font-size: .75em; text-transform: uppercase; color: #777; margin-top: .3em; }
pre { font-family: ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; background: #f7f7f7;
  padding: .4em; margin: .2em 0; max-height: 24em; overflow: auto; }
.none { color: #999; font-style: italic; }
`;

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : String(v));

function sampleHtml(s: Sample, threshold: number): string {
  const gap = s.proxy - s.gold;
  const overrated = gap >= threshold;
  const step = s.step === undefined ? '' : `<span>step ${esc(String(s.step))}</span>`;
  return [
    `<div class="sample${overrated ? ' overrated' : ''}">`,
    `<div class="scores">${step}<span>proxy ${f(s.proxy)}</span><span>gold ${f(s.gold)}</span>`
      + `<span class="gap">proxy - gold ${gap >= 0 ? '+' : ''}${f(gap)}</span></div>`,
    `<div class="label">prompt</div><pre>${esc(s.prompt)}</pre>`,
    `<div class="label">response</div><pre>${esc(s.response)}</pre>`,
    '</div>',
  ].join('\n');
}

function columnHtml(heading: string, samples: Sample[], threshold: number): string {
  const body = samples.length ? samples.map((s) => sampleHtml(s, threshold)).join('\n') : '<p class="none">no samples</p>';
  return `<div class="col">\n<h3>${esc(heading)}</h3>\n${body}\n</div>`;
}

export function samplesPageHtml(opts: SamplesPageOptions): string {
  const threshold = opts.gapThreshold ?? 2;
  const sections = opts.judges.map((j) => {
    const overrated = [...j.early, ...j.late].filter((s) => s.proxy - s.gold >= threshold).length;
    return [
      '<section>',
      `<h2>${esc(j.name)}</h2>`,
      `<p>${overrated} of ${j.early.length + j.late.length} samples overrated by the proxy.</p>`,
      '<div class="cols">',
      columnHtml('Early training', j.early, threshold),
      columnHtml('Late training', j.late, threshold),
      '</div>',
      '</section>',
    ].join('\n');
  });
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"/><title>${esc(opts.title)}</title><style>${STYLE}</style></head>`,
    '<body>',
    `<h1>${esc(opts.title)}</h1>`,
    `<p>Scores are 0-9. Samples where proxy - gold &gt;= ${f(threshold)} are outlined in red: the training judge rates them far above gold.</p>`,
    ...sections,
    '</body>',
    '</html>',
  ].join('\n') + '\n';
}
