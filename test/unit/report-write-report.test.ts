import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HackingMonitor } from '../../src/monitor/hacking-monitor.ts';
import { chartStems } from '../../src/report/render-charts.ts';
import { samplesPageHtml } from '../../src/report/samples-page.ts';
import { buildSummary, Summary, type JudgeRun } from '../../src/report/summary.ts';
import { renderCharts, writeReport } from '../../src/report/write-report.ts';
import { checkBalanced } from './report-xml-balance.ts';

function judgeRun(name: string, kind: JudgeRun['kind'], pairs: [number, number][]): JudgeRun {
  const m = new HackingMonitor({ delta: 1 });
  const rounds = pairs.map(([gold, proxy], i) => ({ step: i * 100, proxy, gold }));
  rounds.forEach((r, i) => m.observe({ ...r, version: i }));
  return { name, kind, rounds, monitor: m.state() };
}

const hacked = judgeRun('nr 1.7b', 'non-reasoning', [[3, 3], [5, 6], [6, 7], [4.5, 8.5], [3, 9]]);
const clean = judgeRun('r <8b>', 'reasoning', [[3, 3], [4, 6], [5, 8], [6.5, 9]]);

describe('report write', () => {
  const dirs: string[] = [];
  afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

  it('charts - one proxy-vs-gold chart per judge with peak and hacking markers, plus a gold overlay', () => {
    const charts = renderCharts([hacked, clean]);
    expect(charts.map((c) => c.name)).toEqual(['proxy-gold-nr-1.7b', 'proxy-gold-r-8b', 'gold-all']);
    for (const c of charts) checkBalanced(c.svg);
    expect(charts[0].svg).toContain('gold peak 6.00');
    expect(charts[0].svg).toContain('hacking flagged');
    expect(charts[1].svg).not.toContain('hacking flagged');
    expect(charts[0].svg.match(/<polyline/g)).toHaveLength(2);
    expect(charts[2].svg.match(/<polyline/g)).toHaveLength(2);
    expect(charts[2].svg).toContain('r &lt;8b&gt;');
  });

  it('charts - points follow step order even when rounds arrive out of order', () => {
    const j = { ...clean, rounds: [...clean.rounds].reverse() };
    expect(renderCharts([j])[0].svg).toBe(renderCharts([clean])[0].svg);
  });

  it('charts - colliding judge names get distinct file stems', () => {
    expect(chartStems(['a b', 'a-b', 'a/b', '...', '', 'a-b-2'], 'p-')).toEqual(['p-a-b', 'p-a-b-2', 'p-a-b-3', 'p-judge', 'p-judge-2', 'p-a-b-2-2']);
  });

  it('write - writes summary.json, the svgs, samples.html and report.md and returns their paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tribunal-report-'));
    dirs.push(dir);
    const out = join(dir, 'nested', 'report');
    const summary = buildSummary({ judges: [hacked, clean], config: { steps: 400 }, timings: { totalMs: 5000 } });
    const charts = renderCharts([hacked, clean]);
    const samplesHtml = samplesPageHtml({ title: 's', judges: [{ name: 'nr 1.7b', early: [], late: [] }] });
    const paths = await writeReport(out, { summary, charts, samplesHtml });
    expect(paths.map((p) => p.slice(out.length + 1))).toEqual([
      'summary.json', 'proxy-gold-nr-1.7b.svg', 'proxy-gold-r-8b.svg', 'gold-all.svg', 'samples.html', 'report.md',
    ]);
    expect(Summary.parse(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')))).toEqual(summary);
    expect(await readFile(join(out, 'gold-all.svg'), 'utf8')).toBe(charts[2].svg);
    expect(await readFile(join(out, 'samples.html'), 'utf8')).toBe(samplesHtml);
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain('| nr 1.7b | non-reasoning |');
    expect(md).toContain('flagged at step 300');
    expect(md).toContain('![gold-all](gold-all.svg)');
    expect(md).toContain('[samples.html](samples.html)');
    expect(md).toContain('- totalMs: 5000');
  });

  it('write - refuses unsafe or duplicate chart names before writing anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tribunal-report-'));
    dirs.push(dir);
    const summary = buildSummary({ judges: [], config: {}, timings: {} });
    const base = { summary, samplesHtml: '' };
    await expect(writeReport(join(dir, 'a'), { ...base, charts: [{ name: '../evil', svg: '' }] })).rejects.toThrow(/file stem/);
    await expect(writeReport(join(dir, 'a'), { ...base, charts: [{ name: 'summary', svg: '' }] })).rejects.toThrow(/file stem/);
    await expect(writeReport(join(dir, 'a'), { ...base, charts: [{ name: 'x', svg: '' }, { name: 'x', svg: '' }] })).rejects.toThrow(/two charts/);
    await expect(readFile(join(dir, 'a', 'report.md'))).rejects.toThrow();
  });
});
