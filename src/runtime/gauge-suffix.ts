// prom-client's own process metrics include three gauges named *_total
// (nodejs_active_handles_total, _requests_total, _resources_total: the sums of
// the per-type gauges nodejs_active_handles{type} and the like beside them), a
// suffix Prometheus keeps for counters: promtool rejects the exposition. Drops
// every gauge family named *_total (HELP, TYPE and samples); sum by type of the
// per-type gauge is the same number. Counters and the rest pass through. Pure.

export function withoutGaugeTotals(exposition: string): string {
  const gauges = new Set<string>();
  for (const m of exposition.matchAll(/^# TYPE (\S+_total) gauge$/gm)) gauges.add(m[1]);
  if (gauges.size === 0) return exposition;
  return exposition.split('\n').filter((line) => {
    const name = /^(?:# (?:HELP|TYPE) )?([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line)?.[1];
    return !(name && gauges.has(name));
  }).join('\n');
}
