import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTribunalError } from '../../src/core/errors.ts';
import { JOURNAL_FILE, SchedulerStore, type StoreOptions } from '../../src/scheduler/store.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
function opts(extra: Partial<StoreOptions> = {}): StoreOptions {
  const stateDir = extra.stateDir ?? mkdtempSync(join(tmpdir(), 'tribunal-store-'));
  dirs.push(stateDir);
  return { stateDir, totalPrompts: 8, datasetSize: 8, batchSize: 2, producedTimeoutMs: 1000, ...extra };
}
const journalLines = (dir: string) => readFileSync(join(dir, JOURNAL_FILE), 'utf8').split('\n').filter(Boolean);

describe('scheduler store', () => {
  it('scheduler store - replays the journal after an unclean stop (no close)', () => {
    const o = opts();
    const s = SchedulerStore.open(o);
    s.grant('a', 4, 0);
    s.commit([{ promptId: '0', attempt: 1 }, { promptId: '1', attempt: 1 }], 1);
    s.commit([{ promptId: '2', attempt: 1 }], 2);
    s.commit([{ promptId: '2', attempt: 1 }], 3); // same group a second time: duplicate
    s.setPhase('training');
    expect(journalLines(o.stateDir)).toHaveLength(5);
    // No close(): as if the process was killed.
    const back = SchedulerStore.open(o);
    expect(back.phase).toBe('training');
    expect(back.ledger.version).toBe(3);
    expect(back.ledger.counters()).toMatchObject({ consumed: 3, duplicates: 1, running: 0, pending: 5 });
    // Attempt numbers survived: prompt 3 was issued once, so its next issue is attempt 2.
    expect(back.grant('b', 1, 0)).toEqual([{ promptId: '3', index: 3, attempt: 2 }]);
    expect(journalLines(o.stateDir)).toHaveLength(1); // recovered state was compacted at open
  });

  it('scheduler store - drops a torn last journal line and keeps the rest', () => {
    const o = opts();
    const s = SchedulerStore.open(o);
    s.grant('a', 2, 0);
    s.commit([{ promptId: '0', attempt: 1 }], 1);
    appendFileSync(join(o.stateDir, JOURNAL_FILE), '{"n":99,"t":"commit","vers');
    const back = SchedulerStore.open(o);
    expect(back.ledger.counters().consumed).toBe(1);
    back.commit([{ promptId: '1', attempt: 1 }], 2);
    back.close();
    expect(SchedulerStore.open(o).ledger.counters()).toMatchObject({ consumed: 2 });
  });

  it('scheduler store - compaction folds the journal into the snapshot without losing or replaying twice', () => {
    const o = opts({ compactEvery: 3 });
    const s = SchedulerStore.open(o);
    s.grant('a', 8, 0);
    for (let v = 1; v <= 7; v++) s.commit([{ promptId: String(v), attempt: 1 }], v);
    expect(journalLines(o.stateDir).length).toBeLessThan(3);
    s.restore(5);
    const back = SchedulerStore.open(o);
    expect(back.ledger.version).toBe(5);
    expect(back.ledger.counters()).toMatchObject({ consumed: 5, duplicates: 0 });
  });

  it('scheduler store - refuses state from another run config with BAD_CONFIG', () => {
    const o = opts();
    SchedulerStore.open(o).close();
    for (const other of [{ totalPrompts: 9 }, { batchSize: 4 }]) {
      try {
        SchedulerStore.open({ ...o, ...other });
        expect.unreachable();
      } catch (e) {
        expect(isTribunalError(e, 'BAD_CONFIG')).toBe(true);
        expect((e as Error).message).toMatch(/holds a run with totalPrompts=8 batchSize=2/);
      }
    }
  });
});
