// The chart's Grafana dashboard: valid JSON with panels, and every metric its
// queries name is one the code exports. The exported names are read from the
// source (every counters.inc / gauge / observe call, as Counters renders them:
// tribunal_<name>_total, tribunal_<name>, tribunal_<name>_seconds) plus the
// process metrics prom-client adds under the tribunal_ prefix.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) { if (e !== 'generated') sources(p, out); } else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Patterns of the metric names the code can export ( ${...} in a template name matches any word). */
function exportedPatterns(): RegExp[] {
  const call = /\.(inc|gauge|observe)\((['"`])([A-Za-z0-9_.${}]+)\2/g;
  const out: RegExp[] = [/^tribunal_process_[a-z_]+$/, /^tribunal_nodejs_[a-z_]+$/];
  for (const f of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'actors'))]) {
    for (const m of readFileSync(f, 'utf8').matchAll(call)) {
      const [, kind, , raw] = m;
      // As Counters names them: dead_letters.<kind> and eval_call_retries.<callee> are labelled, other dots flattened.
      const labelled = kind === 'inc' && /^(dead_letters|eval_call_retries)\./.test(raw);
      const base = (labelled ? raw.split('.')[0] : raw).replace(/\$\{[^}]*\}/g, '@');
      const stem = `tribunal_${base}`.replace(/[^A-Za-z0-9_@]/g, '_').replace(/[.^$*+?()[\]{}|\\]/g, '\\$&').replace(/@/g, '[a-z0-9_]+');
      const suffix = kind === 'inc' ? '_total' : kind === 'observe' ? '_seconds(_bucket|_sum|_count)?' : '';
      out.push(new RegExp(`^${stem}${suffix}$`));
    }
  }
  return out;
}

describe('grafana dashboard', () => {
  it('grafana dashboard - every query names a metric the code exports', () => {
    const dash = JSON.parse(readFileSync(join(ROOT, 'helm/tribunal/dashboards/tribunal.json'), 'utf8'));
    expect(dash.panels.length).toBeGreaterThanOrEqual(10);
    const exprs: string[] = dash.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr));
    const names = [...new Set(exprs.flatMap((e) => e.match(/tribunal_[a-z0-9_]+/g) ?? []))];
    expect(names.length).toBeGreaterThanOrEqual(20);
    const patterns = exportedPatterns();
    const unknown = names.filter((n) => !patterns.some((p) => p.test(n)));
    expect(unknown, 'metrics the dashboard queries but the code does not export').toEqual([]);
    // What the issue asks the dashboard to show is there.
    for (const want of ['tribunal_eval_gold_mean', 'tribunal_eval_proxy_mean', 'tribunal_hacking_flags_total', 'tribunal_batch_staleness_mean', 'tribunal_judge_seconds_bucket', 'tribunal_dead_letters_total', 'tribunal_groups_sampled_total', 'tribunal_prompts_produced']) {
      expect(names, want).toContain(want);
    }
  });
});
