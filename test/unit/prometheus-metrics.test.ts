// A process's metrics in the Prometheus text format: counters as
// tribunal_<name>_total (a dotted suffix becomes a label), gauges, latency
// histograms in seconds, the run id and actor kind on every series, and the
// process's own metrics; promtool (Debian's prometheus package) lints it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { Counters, promName } from '../../src/runtime/counters.ts';
import { withoutGaugeTotals } from '../../src/runtime/gauge-suffix.ts';
import { startHealthServer } from '../../src/runtime/health.ts';

const promtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('prometheus metrics', () => {
  it('prometheus - counters, labelled counters, gauges and histograms under Prometheus names, with run and kind labels', async () => {
    const c = new Counters();
    c.labels({ run: 'r1', kind: 'judge' });
    c.inc('groups_scored', 3);
    c.inc('dead_letters', 2);
    c.inc('dead_letters.RolloutGroup', 2);
    c.inc('weights.bad_announce');
    c.gauge('policy_version', 7);
    c.observe('judge', 0.2);
    c.observe('judge', 3);
    let scraped = 0;
    c.onScrape(() => c.gauge('scrapes', ++scraped));
    const { body, contentType } = await c.prometheus();
    expect(contentType).toMatch(/^text\/plain/);
    expect(sample(body, 'tribunal_groups_scored_total{run="r1",kind="judge"}')).toBe(3);
    // The labelled counter keeps its per-kind series only (its plain sum would count twice).
    expect(sample(body, 'tribunal_dead_letters_total{message_kind="RolloutGroup",run="r1",kind="judge"}')).toBe(2);
    expect(body).not.toMatch(/^tribunal_dead_letters_total\{run="r1",kind="judge"\} /m);
    expect(sample(body, 'tribunal_weights_bad_announce_total{run="r1",kind="judge"}')).toBe(1);
    expect(sample(body, 'tribunal_policy_version{run="r1",kind="judge"}')).toBe(7);
    expect(sample(body, 'tribunal_scrapes{run="r1",kind="judge"}')).toBe(1);
    expect(sample(body, 'tribunal_judge_seconds_count{run="r1",kind="judge"}')).toBe(2);
    expect(sample(body, 'tribunal_judge_seconds_bucket{le="0.25",run="r1",kind="judge"}')).toBe(1);
    expect(body).toMatch(/^tribunal_process_resident_memory_bytes\{run="r1",kind="judge"\} \d+/m);
    // A second scrape sees new counts, not stale ones.
    c.inc('groups_scored');
    expect(sample((await c.prometheus()).body, 'tribunal_groups_scored_total{run="r1",kind="judge"}')).toBe(4);
    expect(promName('weights.loaded-ok')).toBe('tribunal_weights_loaded_ok');
  });

  it.skipIf(!promtool)('prometheus - promtool check metrics finds nothing wrong (skipped without promtool: apt-get install prometheus)', async () => {
    const c = new Counters();
    c.labels({ run: 'r1', kind: 'learner' });
    c.inc('groups_dropped_stale', 2);
    c.inc('dead_letters.ScoredGroup');
    c.gauge('policy_version', 3);
    c.observe('learner_step', 0.4);
    const { body } = await c.prometheus();
    // The whole exposition, prom-client's own process metrics too (their *_total gauges renamed).
    expect(body).toMatch(/tribunal_learner_step_seconds_bucket/);
    expect(body).toMatch(/^# TYPE tribunal_nodejs_active_handles gauge/m);
    expect(body).not.toMatch(/nodejs_active_handles_total/);
    const r = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });

  it('prometheus - a gauge family named *_total is dropped (its per-type gauge sums to it); counters stay', () => {
    const text = [
      '# HELP tribunal_nodejs_active_handles_total Number of active libuv handles.', '# TYPE tribunal_nodejs_active_handles_total gauge',
      'tribunal_nodejs_active_handles_total{type="Socket",run="r"} 3', 'tribunal_nodejs_active_handles_total_x 1',
      '# HELP tribunal_groups_scored_total groups scored', '# TYPE tribunal_groups_scored_total counter', 'tribunal_groups_scored_total 4', '',
    ].join('\n');
    expect(withoutGaugeTotals(text).split('\n')).toEqual([
      'tribunal_nodejs_active_handles_total_x 1',
      '# HELP tribunal_groups_scored_total groups scored', '# TYPE tribunal_groups_scored_total counter', 'tribunal_groups_scored_total 4', '',
    ]);
  });

  it('health - /metrics answers the Prometheus text, /metrics.json the JSON', async () => {
    const c = new Counters();
    c.labels({ run: 'r2', kind: 'rollout' });
    c.inc('groups_sampled', 5);
    const h = await startHealthServer(0, { live: () => true, ready: () => true, metrics: () => c.snapshot(), prometheus: () => c.prometheus() }, '127.0.0.1');
    try {
      const prom = await fetch(`http://127.0.0.1:${h.port}/metrics`);
      expect(prom.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(sample(await prom.text(), 'tribunal_groups_sampled_total{run="r2",kind="rollout"}')).toBe(5);
      expect(await (await fetch(`http://127.0.0.1:${h.port}/metrics.json`)).json()).toEqual({ groups_sampled: 5 });
    } finally {
      await h.close();
    }
  });
});
