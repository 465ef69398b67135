// The learner can drop a group before its producer's "produced" report reaches
// the scheduler (sample, push, judge and drop all beat one gRPC call). The late
// report must not strand the prompt as produced with no group left anywhere.
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/scheduler/ledger.ts';

const make = () => new Ledger({ totalPrompts: 4, datasetSize: 4, producedTimeoutMs: 1000 });

describe('ledger - release before produced', () => {
  it('ledger - a produced report arriving after the learner dropped that group is void', () => {
    const l = make();
    l.grant('rollout', 1, 0);
    // The learner saw group (0, attempt 1) as stale and released it while it was still "running".
    expect(l.release([{ promptId: '0', attempt: 1 }])).toBe(1);
    expect(l.produced('0', 1, 5)).toBe(false);
    expect(l.counters()).toMatchObject({ pending: 4, running: 0, produced: 0 });
    // The prompt is re-issued at once, and the new attempt's report counts.
    expect(l.grant('rollout', 1, 6)).toEqual([{ promptId: '0', index: 0, attempt: 2 }]);
    expect(l.produced('0', 2, 7)).toBe(true);
    expect(l.counters()).toMatchObject({ pending: 3, produced: 1 });
  });

  it('ledger - a dead actor group that made it out is still accepted as produced', () => {
    const l = make();
    l.grant('dead', 1, 0);
    expect(l.releaseActor('dead')).toBe(1);
    expect(l.produced('0', 1, 5)).toBe(true);
    expect(l.inspect('0').state).toBe('produced');
  });
});

describe('ledger - overdue groups', () => {
  it('ledger - an overdue produced prompt is re-issued by grantOverdue, nothing else is', () => {
    const l = new Ledger({ totalPrompts: 4, datasetSize: 4, producedTimeoutMs: 100 });
    const [a, b] = l.grant('r1', 2, 0);
    expect(l.produced(a.promptId, a.attempt, 0)).toBe(true);
    expect(l.grantOverdue('r2', 4, 50)).toEqual([]); // not overdue yet
    const again = l.grantOverdue('r2', 4, 200);
    expect(again).toEqual([{ promptId: a.promptId, index: a.index, attempt: 2 }]);
    expect(l.counters().running).toBe(2); // b still running, a re-issued; no fresh prompt handed out
    expect(b.attempt).toBe(1);
  });
});
