// A process's metrics: named monotonic counters (the JSON on /metrics.json and
// the `stopped` log line), gauges set as things change or just before a
// scrape, and latency histograms. `prometheus()` renders them all in the
// Prometheus text format with prom-client, under Prometheus names
// (tribunal_<name>_total, tribunal_<name>, tribunal_<name>_seconds), the run
// id and actor kind as labels, plus the process's own CPU and memory.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { withoutGaugeTotals } from './gauge-suffix.ts';

/** Counter names whose part after the dot is a label value, not part of the name (other dots become underscores). */
const LABELLED: Record<string, string> = { dead_letters: 'message_kind', eval_call_retries: 'callee' };

/** A Prometheus metric name from one of ours: letters, digits and underscores. */
export function promName(name: string): string {
  return `tribunal_${name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '')}`;
}

/** Latency buckets, seconds: 5 ms to 10 min (a judge at high reasoning effort, a GPU step). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export class Counters {
  private readonly values = new Map<string, number>();
  private readonly gauges = new Map<string, number>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly beforeScrape: (() => void)[] = [];
  private registry: Registry | null = null;

  inc(name: string, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }
  get(name: string): number {
    return this.values.get(name) ?? 0;
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.values);
  }

  /** A value that goes up and down (policy version, queue depth). */
  gauge(name: string, value: number): void {
    this.gauges.set(name, value);
  }

  /** One latency, in seconds, into the histogram `name` (exposed as tribunal_<name>_seconds). */
  observe(name: string, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    let h = this.histograms.get(name);
    if (!h) {
      h = new Histogram({ name: `${promName(name)}_seconds`, help: `${name.replace(/_/g, ' ')}, seconds`, buckets: BUCKETS, registers: [this.reg()] });
      this.histograms.set(name, h);
    }
    h.observe(seconds);
  }

  /** Runs before each scrape: the place to set gauges from state held elsewhere. */
  onScrape(fn: () => void): void {
    this.beforeScrape.push(fn);
  }

  /** Labels every series carries (the run id and the actor kind); set once, before the first scrape. */
  labels(labels: { run: string; kind: string }): void {
    this.reg().setDefaultLabels(labels);
  }

  /** The Prometheus text exposition of everything above. */
  async prometheus(): Promise<{ contentType: string; body: string }> {
    for (const fn of this.beforeScrape) fn();
    const reg = this.reg();
    // Counters and gauges are rebuilt from our maps at each scrape: names appear as they are first used.
    for (const m of reg.getMetricsAsArray()) if ((m as { __tribunal?: boolean }).__tribunal) reg.removeSingleMetric((m as unknown as { name: string }).name);
    const counters = new Map<string, { labelName?: string; series: [string | undefined, number][] }>();
    for (const [name, v] of this.values) {
      // dead_letters.<kind> -> tribunal_dead_letters_total{message_kind}; any other dotted name is flattened (weights.loaded -> tribunal_weights_loaded_total).
      const dot = name.indexOf('.');
      const labelName = dot > 0 ? LABELLED[name.slice(0, dot)] : undefined;
      const base = labelName ? name.slice(0, dot) : name;
      const key = `${promName(base)}_total`;
      const entry = counters.get(key) ?? { series: [] };
      if (labelName) entry.labelName = labelName;
      entry.series.push([labelName ? name.slice(dot + 1) : undefined, v]);
      counters.set(key, entry);
    }
    for (const [key, { labelName, series: all }] of counters) {
      // A labelled counter's unlabelled sum (dead_letters beside dead_letters.<kind>) would count twice.
      const series = labelName && all.some(([l]) => l !== undefined) ? all.filter(([l]) => l !== undefined) : all;
      const c = new Counter({ name: key, help: `${key.slice(9, -6).replace(/_/g, ' ')} since the process started`, labelNames: labelName ? [labelName] : [], registers: [reg] });
      (c as unknown as { __tribunal: boolean }).__tribunal = true;
      for (const [label, v] of series) label === undefined || !labelName ? c.inc(v) : c.inc({ [labelName]: label }, v);
    }
    for (const [name, v] of this.gauges) {
      const g = new Gauge({ name: promName(name), help: name.replace(/_/g, ' '), registers: [reg] });
      (g as unknown as { __tribunal: boolean }).__tribunal = true;
      g.set(v);
    }
    return { contentType: reg.contentType, body: withoutGaugeTotals(await reg.metrics()) };
  }

  private reg(): Registry {
    if (!this.registry) {
      this.registry = new Registry();
      collectDefaultMetrics({ register: this.registry, prefix: 'tribunal_' });
    }
    return this.registry;
  }
}
