// The part of `tribunal status <run-dir>` that the scheduler does not know:
// where the learner's steps spend their time (waiting, commit, pi_prox, the
// update, export) and each group's hops (sampling, judging, queues, loading
// weights), medians over the run's latest steps, read from its metrics.jsonl.
import { existsSync } from 'node:fs';
import { metricsPath, readMetricsRows } from '../learner/metrics-file.ts';
import { formatTimelineSummary, summarizeTimelines, type StepTimeline, type TimelineSummary } from '../learner/pipeline-timeline.ts';

/** Steps the summary covers: the latest ones, where the run is now. */
export const RECENT_STEPS = 20;

export function recentTimeline(runDir: string): TimelineSummary | null {
  if (!existsSync(metricsPath(runDir))) return null;
  const rows = readMetricsRows<{ step: number; version: number; timeline?: StepTimeline }>(runDir).filter((r) => r.timeline);
  if (rows.length === 0) return null;
  return summarizeTimelines(rows.slice(-RECENT_STEPS), 1);
}

export function formatRecentTimeline(s: TimelineSummary): string {
  return [`where the time goes (last ${s.steps} steps, median and p90):`, ...formatTimelineSummary(s)].join('\n');
}
