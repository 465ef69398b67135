import { describe, expect, it } from 'vitest';
import { lineChartSvg, niceTicks } from '../../src/report/svg-line-chart.ts';
import { escapeXml } from '../../src/report/escape.ts';
import { checkBalanced } from './report-xml-balance.ts';

const polylines = (svg: string) => [...svg.matchAll(/<polyline [^>]*points="([^"]*)"/g)].map((m) => m[1]);

describe('report svg line chart', () => {
  it('chart - well-formed svg with one polyline per series and all points', () => {
    const svg = lineChartSvg({
      title: 'proxy vs gold',
      xLabel: 'step',
      yLabel: 'score (0-9)',
      series: [
        { name: 'gold', points: [[0, 3], [10, 5], [20, 6], [30, 4]] },
        { name: 'proxy', points: [[0, 3], [10, 6], [20, 8], [30, 9], [40, 9]], color: '#123456' },
        { name: 'empty', points: [] },
      ],
      yRange: [0, 9],
      markers: [{ x: 20, label: 'gold peak' }, { x: 30, label: 'hacking flagged' }],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const names = checkBalanced(svg);
    expect(names.filter((n) => n === 'polyline')).toHaveLength(3);
    const pl = polylines(svg);
    expect(pl.map((p) => (p ? p.split(' ').length : 0))).toEqual([4, 5, 0]);
    expect(svg).toContain('stroke="#123456"');
    expect(svg).toContain('>gold peak<');
    expect(svg).toContain('>hacking flagged<');
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
  });

  it('chart - points map inside the plot, higher y drawn higher', () => {
    const svg = lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[0, 0], [1, 9]] }], yRange: [0, 9] });
    const [[ax, ay], [bx, by]] = polylines(svg)[0].split(' ').map((p) => p.split(',').map(Number));
    expect(bx).toBeGreaterThan(ax);
    expect(by).toBeLessThan(ay); // SVG y grows downward
    for (const v of [ax, ay, bx, by]) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('chart - escapes titles, labels, legend names and markers', () => {
    const svg = lineChartSvg({
      title: 'a <b> & "c"', xLabel: 'x<', yLabel: "y'", markers: [{ x: 1, label: '<peak>' }],
      series: [{ name: '<script>alert(1)</script> & co', points: [[0, 1], [1, 2]] }],
    });
    checkBalanced(svg);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).toContain('&lt;peak&gt;');
    // the legend shows a cut name (28 chars) and keeps the whole one in its tooltip
    expect(svg).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>&lt;script&gt;alert(1)&lt;/script&gt; &amp;…');
  });

  it('chart - drops non-finite points and survives flat or empty data', () => {
    const svg = lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[0, 5], [1, NaN], [2, 5]] }] });
    checkBalanced(svg);
    expect(polylines(svg)[0].split(' ')).toHaveLength(2);
    expect(svg).not.toMatch(/NaN|Infinity/);
    const empty = lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [] });
    checkBalanced(empty);
    expect(empty).not.toMatch(/NaN|Infinity/);
  });

  it('chart - nice ticks are round and cover the range', () => {
    expect(niceTicks(0, 9, 5)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('chart - escapeXml replaces control characters XML forbids', () => {
    expect(escapeXml('a\u0000b\u001bc\n')).toBe('a\uFFFDb\uFFFDc\n');
  });

  it('chart - the balance checker catches broken markup', () => {
    expect(() => checkBalanced('<svg><g></svg>')).toThrow(/closes/);
    expect(() => checkBalanced('<svg>a & b</svg>')).toThrow(/&/);
    expect(() => checkBalanced('<svg><text x=1>a</text></svg>')).toThrow(/malformed/);
  });
});
