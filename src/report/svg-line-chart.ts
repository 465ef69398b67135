// A self-contained SVG line chart (axes, ticks, gridlines, legend, vertical
// marker lines) written as a string, no dependencies. What to plot is the
// caller's choice (see render-charts.ts); this file only lays it out.
import { escapeXml as esc } from './escape.ts';
import { fnv1a32 } from '../core/fnv1a.ts';

export interface ChartSeries {
  name: string;
  /** [x, y] pairs; non-finite pairs are dropped. Drawn in the given order. */
  points: [number, number][];
  /** Any CSS colour; a palette colour when absent. */
  color?: string;
  /** Drawn dashed (a second measurement of the same quantity). */
  dashed?: boolean;
}

export interface ChartMarker {
  x: number;
  label: string;
  color?: string;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** Fixed y axis; from the data (padded) when absent. */
  yRange?: [number, number];
  markers?: ChartMarker[];
  /** Pixels. @default 760 */
  width?: number;
  /** Pixels. @default 400 */
  height?: number;
}

const PALETTE = ['#d4a017', '#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const MARKER_COLOR = '#555';
const MARGIN = { left: 60, right: 200, top: 40, bottom: 50 };
/** Legend names longer than this are cut (the full name stays in a tooltip). */
const LEGEND_CHARS = 28;
/** Data points get dots only when a series is this short; long ones stay lines. */
const MAX_DOTS = 60;

const fmt = (v: number) => (Math.round(v * 100) / 100).toString();

/** About `count` round-numbered ticks covering [min, max] (step 1, 2 or 5 x 10^k). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const raw = (max - min) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return [min];
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)) ?? 10 * mag;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let k = first; k * step <= max + step * 1e-9; k++) ticks.push(Number((k * step).toFixed(decimals)));
  return ticks;
}

function extent(values: number[], fallback: [number, number]): [number, number] {
  if (values.length === 0) return fallback;
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) { lo -= 1; hi += 1; }
  return [lo, hi];
}

export function lineChartSvg(opts: LineChartOptions): string {
  const W = opts.width ?? 760;
  const H = opts.height ?? 400;
  const pw = W - MARGIN.left - MARGIN.right;
  const ph = H - MARGIN.top - MARGIN.bottom;
  const series = opts.series.map((s, i) => ({
    name: s.name,
    color: s.color ?? PALETTE[i % PALETTE.length],
    dashed: s.dashed ?? false,
    points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
  }));
  const markers = (opts.markers ?? []).filter((m) => Number.isFinite(m.x));
  const allPoints = series.flatMap((s) => s.points);

  const [x0, x1] = extent([...allPoints.map((p) => p[0]), ...markers.map((m) => m.x)], [0, 1]);
  let [y0, y1] = opts.yRange ?? extent(allPoints.map((p) => p[1]), [0, 1]);
  if (!opts.yRange) { const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad; }
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => MARGIN.top + ph - ((y - y0) / (y1 - y0)) * ph;
  const bottom = MARGIN.top + ph;
  const right = MARGIN.left + pw;
  // Distinct per chart so several charts inlined into one page keep their own clip.
  const clipId = `plot-${hash(opts.title)}`;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<title>${esc(opts.title)}</title>`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(opts.title)}</text>`);
  out.push(`<defs><clipPath id="${clipId}"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}"/></clipPath></defs>`);

  out.push('<g class="grid" stroke="#e5e5e5" stroke-width="1">');
  const xTicks = niceTicks(x0, x1, 6);
  const yTicks = niceTicks(y0, y1, 5);
  for (const t of xTicks) out.push(`<line x1="${fmt(sx(t))}" y1="${MARGIN.top}" x2="${fmt(sx(t))}" y2="${bottom}"/>`);
  for (const t of yTicks) out.push(`<line x1="${MARGIN.left}" y1="${fmt(sy(t))}" x2="${right}" y2="${fmt(sy(t))}"/>`);
  out.push('</g>');

  out.push('<g class="axes" stroke="#333" stroke-width="1">');
  out.push(`<line x1="${MARGIN.left}" y1="${bottom}" x2="${right}" y2="${bottom}"/>`);
  out.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}"/>`);
  out.push('</g>');
  out.push('<g class="ticks" fill="#333">');
  for (const t of xTicks) out.push(`<text x="${fmt(sx(t))}" y="${bottom + 16}" text-anchor="middle">${esc(String(t))}</text>`);
  for (const t of yTicks) out.push(`<text x="${MARGIN.left - 6}" y="${fmt(sy(t) + 4)}" text-anchor="end">${esc(String(t))}</text>`);
  out.push('</g>');
  out.push(`<text x="${MARGIN.left + pw / 2}" y="${H - 10}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  out.push(`<text x="16" y="${MARGIN.top + ph / 2}" text-anchor="middle" transform="rotate(-90 16 ${MARGIN.top + ph / 2})">${esc(opts.yLabel)}</text>`);

  out.push(`<g class="series" clip-path="url(#${clipId})" fill="none" stroke-width="2">`);
  for (const s of series) {
    const pts = s.points.map(([x, y]) => `${fmt(sx(x))},${fmt(sy(y))}`).join(' ');
    out.push(`<polyline stroke="${esc(s.color)}"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts}"><title>${esc(s.name)}</title></polyline>`);
    if (s.points.length <= MAX_DOTS) {
      for (const [x, y] of s.points) out.push(`<circle cx="${fmt(sx(x))}" cy="${fmt(sy(y))}" r="2.5" fill="${esc(s.color)}" stroke="none"/>`);
    }
  }
  out.push('</g>');

  out.push('<g class="markers" font-size="11">');
  markers.forEach((m, i) => {
    const x = fmt(sx(m.x));
    const color = esc(m.color ?? MARKER_COLOR);
    out.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${bottom}" stroke="${color}" stroke-dasharray="4 3"/>`);
    // Staggered so markers at nearby steps keep readable labels; right-half labels sit left of their line.
    const left = sx(m.x) > MARGIN.left + pw / 2;
    const tx = fmt(sx(m.x) + (left ? -3 : 3));
    out.push(`<text x="${tx}" y="${MARGIN.top + 12 + (i % 4) * 12}" fill="${color}"${left ? ' text-anchor="end"' : ''}>${esc(m.label)}</text>`);
  });
  out.push('</g>');

  out.push('<g class="legend">');
  series.forEach((s, i) => {
    const y = MARGIN.top + 10 + i * 18;
    out.push(`<line x1="${right + 14}" y1="${y}" x2="${right + 36}" y2="${y}" stroke="${esc(s.color)}" stroke-width="3"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    const shown = s.name.length > LEGEND_CHARS ? `${s.name.slice(0, LEGEND_CHARS - 1)}…` : s.name;
    out.push(`<text x="${right + 42}" y="${y + 4}"><title>${esc(s.name)}</title>${esc(shown)}</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Short stable id from a string (FNV-1a, base 36). */
function hash(s: string): string {
  return fnv1a32(s).toString(36);
}
