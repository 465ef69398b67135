import { describe, expect, it } from 'vitest';
import { isTribunalError } from '../../src/core/errors.ts';
import { Ledger } from '../../src/scheduler/ledger.ts';

const make = (totalPrompts = 6, producedTimeoutMs = 1000) => new Ledger({ totalPrompts, datasetSize: 4, producedTimeoutMs });
const ids = (gs: { promptId: string }[]) => gs.map((g) => g.promptId);

describe('ledger', () => {
  it('ledger - grants prompts in order with dataset index seq % datasetSize and attempt 1', () => {
    const l = make();
    const gs = l.grant('a', 5, 0);
    expect(gs).toEqual([0, 1, 2, 3, 4].map((s) => ({ promptId: String(s), index: s % 4, attempt: 1 })));
    expect(l.counters()).toMatchObject({ pending: 1, running: 5, produced: 0, consumed: 0, reissued: 0, total: 6 });
    expect(l.inspect('2')).toMatchObject({ state: 'running', owner: 'a', attempt: 1 });
    expect(l.grant('b', 5, 0).map((g) => g.promptId)).toEqual(['5']);
    expect(l.grant('b', 5, 0)).toEqual([]);
  });

  it('ledger - a prompt issued twice is consumed exactly once; the later group is a duplicate', () => {
    const l = make(2);
    const [first] = l.grant('a', 1, 0);
    expect(l.produced('0', 1, 10)).toBe(true);
    // The produced group is overdue: the prompt is re-issued to b as attempt 2.
    l.grant('x', 1, 10); // takes prompt 1, fresh
    const [again] = l.grant('b', 1, 2000);
    expect(again).toEqual({ promptId: '0', index: 0, attempt: 2 });
    expect(l.counters()).toMatchObject({ reissued: 1, running: 2, produced: 0 });
    // Attempt 1's group arrives first and wins.
    expect(l.commit([{ promptId: '0', attempt: first.attempt }], 1)).toEqual({ consumed: ['0'], duplicates: [] });
    expect(l.inspect('0')).toMatchObject({ state: 'consumed', owner: null, consumedAtVersion: 1 });
    expect(l.runningOf('b')).toBe(0);
    // b's late report no longer matters; its group, if committed, is a duplicate.
    expect(l.produced('0', 2, 2100)).toBe(false);
    expect(l.commit([{ promptId: '0', attempt: 2 }], 2)).toEqual({ consumed: [], duplicates: ['0'] });
    expect(l.counters()).toMatchObject({ consumed: 1, duplicates: 1 });
  });

  it('ledger - the same group twice in one commit counts once', () => {
    const l = make(2);
    l.grant('a', 2, 0);
    const r = l.commit([{ promptId: '1', attempt: 1 }, { promptId: '1', attempt: 1 }], 1);
    expect(r).toEqual({ consumed: ['1'], duplicates: ['1'] });
    expect(l.counters().consumed).toBe(1);
  });

  it('ledger - a retried commit (same prompt, attempt, version) is idempotent, not a duplicate', () => {
    const l = make(2);
    l.grant('a', 2, 0);
    const items = [{ promptId: '0', attempt: 1 }, { promptId: '1', attempt: 1 }];
    expect(l.commit(items, 1)).toEqual({ consumed: ['0', '1'], duplicates: [] });
    expect(l.commit(items, 1)).toEqual({ consumed: ['0', '1'], duplicates: [] });
    expect(l.counters()).toMatchObject({ consumed: 2, duplicates: 0 });
    expect(l.done).toBe(true);
  });

  it('ledger - commit is all-or-nothing on a bad prompt id and refuses a version behind the clock', () => {
    const l = make(3);
    l.grant('a', 3, 0);
    l.commit([{ promptId: '0', attempt: 1 }], 2);
    expect(() => l.commit([{ promptId: '1', attempt: 1 }, { promptId: '99', attempt: 1 }], 3)).toThrow(/promptId: "99"/);
    expect(l.inspect('1').state).toBe('running');
    for (const bad of ['-1', '01', 'x', '1.5']) expect(() => l.inspect(bad)).toThrow(/promptId/);
    try { l.commit([{ promptId: '1', attempt: 1 }], 1); expect.unreachable(); } catch (e) { expect(isTribunalError(e, 'STALE')).toBe(true); }
    expect(l.version).toBe(2);
  });

  it('ledger - release sends the current issue back to pending and ignores older attempts', () => {
    const l = make(3);
    l.grant('a', 3, 0);
    l.produced('1', 1, 5);
    expect(l.release([{ promptId: '1', attempt: 1 }, { promptId: '2', attempt: 1 }])).toBe(2);
    expect(l.counters()).toMatchObject({ pending: 2, running: 1, produced: 0 });
    // Re-sampled prompts come back first, with a new attempt.
    expect(l.grant('b', 5, 10)).toEqual([{ promptId: '1', index: 1, attempt: 2 }, { promptId: '2', index: 2, attempt: 2 }]);
    // A stale group of attempt 1 being dropped must not disturb attempt 2 in flight.
    expect(l.release([{ promptId: '1', attempt: 1 }])).toBe(0);
    expect(l.inspect('1')).toMatchObject({ state: 'running', owner: 'b', attempt: 2 });
    expect(l.counters().reissued).toBe(2);
  });

  it('ledger - releaseActor frees only the dead actor running prompts', () => {
    const l = make(6);
    l.grant('dead', 3, 0);
    l.grant('alive', 2, 0);
    l.produced('0', 1, 1);
    expect(l.runningOf('dead')).toBe(2);
    expect(l.releaseActor('dead')).toBe(2);
    expect(l.runningOf('dead')).toBe(0);
    expect(l.inspect('0').state).toBe('produced'); // its group is already out
    expect(l.counters()).toMatchObject({ pending: 3, running: 2, produced: 1 });
    expect(ids(l.grant('new', 10, 2))).toEqual(['1', '2', '5']);
    // A late report from the dead actor is still taken while its prompt is pending.
    const l2 = make(2);
    l2.grant('dead', 1, 0);
    l2.releaseActor('dead');
    expect(l2.produced('0', 1, 5)).toBe(true);
    expect(ids(l2.grant('b', 5, 6))).toEqual(['1']);
  });

  it('ledger - restore puts prompts consumed after the version back to pending and rewinds the clock', () => {
    const l = make(6);
    l.grant('a', 6, 0);
    l.commit([{ promptId: '0', attempt: 1 }, { promptId: '1', attempt: 1 }], 1);
    l.commit([{ promptId: '2', attempt: 1 }, { promptId: '3', attempt: 1 }], 2);
    l.commit([{ promptId: '4', attempt: 1 }], 3);
    expect(l.restore(1)).toBe(3);
    expect(l.version).toBe(1);
    expect(l.counters()).toMatchObject({ consumed: 2, pending: 3, running: 1 });
    expect(ids(l.grant('b', 10, 0))).toEqual(['2', '3', '4']);
    expect(() => l.restore(5)).toThrow(/version clock is at 1/);
    // Re-consumed after the restore at a new version, counted once.
    expect(l.commit([{ promptId: '2', attempt: 2 }], 2).consumed).toEqual(['2']);
    expect(l.counters().duplicates).toBe(0);
  });

  it('ledger - produced prompts are re-issued only after producedTimeoutMs', () => {
    const l = make(2, 1000);
    l.grant('a', 2, 0);
    l.produced('0', 1, 100);
    l.produced('1', 1, 200);
    expect(l.grant('b', 2, 1099)).toEqual([]);
    expect(ids(l.grant('b', 2, 1100))).toEqual(['0']);
    expect(l.grant('b', 2, 1150)).toEqual([]);
    // A committed prompt is never re-issued, however late.
    l.commit([{ promptId: '1', attempt: 1 }], 1);
    expect(l.grant('b', 2, 5000)).toEqual([]);
  });

  it('ledger - snapshot round-trips the durable facts; unfinished prompts come back pending', () => {
    const l = make(4);
    l.grant('a', 4, 0);
    l.commit([{ promptId: '1', attempt: 1 }, { promptId: '1', attempt: 1 }], 3);
    l.produced('2', 1, 0);
    const back = new Ledger({ totalPrompts: 4, datasetSize: 4, producedTimeoutMs: 1000 }, l.snapshot());
    expect(back.version).toBe(3);
    expect(back.counters()).toMatchObject({ consumed: 1, pending: 3, running: 0, produced: 0, duplicates: 1 });
    expect(back.inspect('1')).toMatchObject({ state: 'consumed', consumedAtVersion: 3 });
    expect(back.grant('b', 4, 0)).toEqual([0, 2, 3].map((s) => ({ promptId: String(s), index: s, attempt: 2 })));
    expect(() => new Ledger({ totalPrompts: 5, datasetSize: 4, producedTimeoutMs: 1 }, l.snapshot())).toThrow(/snapshot holds 4/);
  });
});
