// The pipeline timeline: a step row carries each group's marks relative to the
// moment the step took its batch, and the summary turns rows into per-hop and
// per-phase medians, skipping warm-up steps and marks an older producer left out.
import { describe, expect, it } from 'vitest';
import { formatTimelineSummary, groupHops, spread, stepTimeline, summarizeTimelines } from '../../src/learner/pipeline-timeline.ts';

const AT = 1_000_000;
const group = (version: number, granted: number, sampleStart: number, sampled: number, judgeStart: number, scored: number, received: number) =>
  ({ version, grantedAtMs: AT - granted, sampleStartMs: AT - sampleStart, sampledAtMs: AT - sampled, judgeStartMs: AT - judgeStart, scoredAtMs: AT - scored, receivedAtMs: AT - received });

describe('pipeline timeline', () => {
  it('timeline - marks are relative to the step, hops are the gaps between them', () => {
    const t = stepTimeline(AT, { waitMs: 5.04, commitMs: 2, trainMs: 100, exportMs: 1, publishedAfterMs: null }, [group(3, 100, 90, 60, 55, 50, 40)]);
    expect(t).toMatchObject({ atMs: AT, waitMs: 5, publishedAfterMs: null });
    expect(t.groups[0]).toEqual({ v: 3, granted: -100, sampleStart: -90, sampled: -60, judgeStart: -55, scored: -50, received: -40, load: null });
    expect(groupHops(t.groups[0])).toEqual({ admitted: 10, sample: 30, toJudge: 5, judge: 5, toLearner: 10, buffered: 40 });
  });

  it('timeline - a group without the newer marks still gives the hops it can', () => {
    const t = stepTimeline(AT, { waitMs: 0, commitMs: 0, trainMs: 0, exportMs: 0, publishedAfterMs: 3 }, [{ version: 0, sampledAtMs: AT - 30, receivedAtMs: AT - 10 }]);
    expect(groupHops(t.groups[0])).toEqual({ buffered: 10 });
  });

  it('timeline - the summary is medians over steps from fromStep on, staleness against the learner that took each group', () => {
    const rows = [1, 2, 3, 4].map((step) => ({
      step, version: step,
      timeline: stepTimeline(AT, { waitMs: step === 1 ? 5000 : 10 * step, commitMs: 1, trainMs: 100, exportMs: 1, publishedAfterMs: step === 1 ? null : 7 },
        [group(step - 1, 100, 90, 60, 55, 50, 40), group(Math.max(0, step - 3), 100, 80, 60, 55, 50, 40 + step)]),
    }));
    const s = summarizeTimelines(rows, 2);
    expect(s.steps).toBe(3);
    expect(s.groups).toBe(6);
    expect(s.step.waitMs.median).toBe(30); // 20, 30, 40: the warm-up step's 5 s is left out
    expect(s.step.publishedAfterMs).toMatchObject({ median: 7, n: 3 });
    expect(s.hops.sample.median).toBe(25); // 30 and 20, three of each
    expect(s.hops.buffered.median).toBe(41); // 40, 40, 40, 42, 43, 44
    // The learner before step k is at version k - 1: groups of version k - 1 are 0 old, those of k - 3 (floored at 0) up to 2.
    expect(s.staleness.median).toBe(0.5);
    const lines = formatTimelineSummary(s);
    expect(lines.join('\n')).toMatch(/wait 30\.0 ms/);
    expect(lines.some((l) => l.includes('buffered'))).toBe(true);
  });

  it('timeline - train splits into pi_prox and the update, and a rollout says how long it loaded weights', () => {
    const rows = [1, 2, 3].map((step) => ({
      step, version: step,
      timeline: stepTimeline(AT, { waitMs: 1, commitMs: 1, trainMs: 100, proxMs: step === 1 ? undefined : 0, updateMs: 90 + step, exportMs: 2, publishedAfterMs: 3 },
        [{ ...group(step - 1, 100, 90, 60, 55, 50, 40), weightsLoadMs: 4 * step }]),
    }));
    expect(rows[0].timeline).toMatchObject({ proxMs: null, updateMs: 91 });
    const s = summarizeTimelines(rows, 1);
    expect(s.step.proxMs).toMatchObject({ median: 0, n: 2 }); // the row that did not say is left out
    expect(s.step.updateMs.median).toBe(92);
    expect(s.load).toMatchObject({ median: 8, n: 3 });
    const text = formatTimelineSummary(s).join('\n');
    expect(text).toMatch(/prox 0\.0 ms/);
    expect(text).toMatch(/load +8\.0 ms/);
  });

  it('timeline - spread of nothing is NaN, not a throw', () => {
    expect(spread([])).toEqual({ median: NaN, p90: NaN, n: 0 });
    expect(spread([4, 1, 3, 2, 5, 6, 7, 8, 9, 10])).toMatchObject({ median: 5.5, n: 10 });
    expect(spread([4, 1, 3, 2, 5, 6, 7, 8, 9, 10]).p90).toBeCloseTo(9.1, 5);
  });
});
