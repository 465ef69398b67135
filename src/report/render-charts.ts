// The study's plots as SVG strings: per judge, proxy and gold over steps with
// markers at the gold peak and hacking flags (held-out rounds solid, the
// sampled training groups dashed); and gold of every judge on one chart. Layout is svg-line-chart.ts's; writing files is write-report.ts's.
import type { JudgeRun } from './summary.ts';
import { lineChartSvg, type ChartMarker } from './svg-line-chart.ts';

export interface NamedChart {
  /** File stem: letters, digits, '.', '_' and '-' only. */
  name: string;
  svg: string;
}

type ChartJudge = Pick<JudgeRun, 'name' | 'rounds' | 'monitor' | 'trainGold'>;

/** Scores are 0-9; widen only if some value falls outside. */
function scoreRange(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  return [Math.min(0, ...finite), Math.max(9, ...finite)];
}

/** A file stem from a judge name; distinct names that collide get -2, -3, ... */
export function chartStems(names: readonly string[], prefix: string): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    const base = `${prefix}${n.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'judge'}`;
    let stem = base;
    for (let k = 2; used.has(stem); k++) stem = `${base}-${k}`;
    used.add(stem);
    return stem;
  });
}

function byStep(rounds: ChartJudge['rounds']) {
  return [...rounds].sort((a, b) => a.step - b.step);
}

export function renderCharts(judges: readonly ChartJudge[]): NamedChart[] {
  const stems = chartStems(judges.map((j) => j.name), 'proxy-gold-');
  const perJudge = judges.map((j, i): NamedChart => {
    const rounds = byStep(j.rounds);
    const train = j.trainGold ?? [];
    const m = j.monitor;
    const markers: ChartMarker[] = [];
    if (m.goldPeakStep !== null && m.goldPeak !== null) markers.push({ x: m.goldPeakStep, label: `gold peak ${m.goldPeak.toFixed(2)}`, color: '#2ca02c' });
    for (const flag of m.flags) markers.push({ x: flag.step, label: 'hacking flagged', color: '#d62728' });
    return {
      name: stems[i],
      svg: lineChartSvg({
        title: `${j.name}: proxy reward vs gold score`,
        xLabel: 'training step',
        yLabel: 'mean score (0-9)',
        series: [
          { name: 'gold (held-out)', points: rounds.map((r) => [r.step, r.gold]), color: '#d4a017' },
          { name: 'proxy (training judge)', points: rounds.map((r) => [r.step, r.proxy]), color: '#1f77b4' },
          // The second curve: gold and proxy on the sampled training groups, at each window's last sampling version.
          ...(train.length ? [
            { name: 'gold (training samples)', points: train.map((w): [number, number] => [w.toVersion, w.gold]), color: '#d4a017', dashed: true },
            { name: 'proxy (training samples)', points: train.map((w): [number, number] => [w.toVersion, w.proxy]), color: '#1f77b4', dashed: true },
          ] : []),
        ],
        yRange: scoreRange([...rounds.flatMap((r) => [r.gold, r.proxy]), ...train.flatMap((w) => [w.gold, w.proxy])]),
        markers,
      }),
    };
  });
  const overlay: NamedChart = {
    name: 'gold-all',
    svg: lineChartSvg({
      title: 'Gold score on held-out prompts, by training judge',
      xLabel: 'training step',
      yLabel: 'mean gold score (0-9)',
      series: judges.map((j) => ({ name: j.name, points: byStep(j.rounds).map((r): [number, number] => [r.step, r.gold]) })),
      yRange: scoreRange(judges.flatMap((j) => j.rounds.map((r) => r.gold))),
    }),
  };
  return [...perJudge, overlay];
}
