// Admission counts from the newest published version. A learner commits a
// step's version before it trains on it; grants made while it trains can only
// be sampled with the weights already out. Counting from the commit clock
// admitted a batch that was eta + 1 versions old when taken (the stale drops
// the async bench showed); counting from the publication never does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SchedulerStore } from '../../src/scheduler/store.ts';
import { Registry } from '../../src/scheduler/registry.ts';
import { SchedulerService } from '../../src/scheduler/service.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function service(eta: number, batchSize: number, totalPrompts: number) {
  const stateDir = mkdtempSync(join(tmpdir(), 'tribunal-published-'));
  dirs.push(stateDir);
  const store = SchedulerStore.open({ stateDir, totalPrompts, datasetSize: totalPrompts, batchSize, producedTimeoutMs: 60_000 });
  return new SchedulerService(store, new Registry({ leaseMs: 60_000, epoch: 'x' }), { batchSize, eta, heartbeatMs: 1000, log: () => {} });
}

describe('scheduler - admission from the published version', () => {
  for (const eta of [0, 1, 3]) {
    it(`published version - a rollout that samples with the published weights never makes a group older than eta (${eta}) when the learner takes it`, async () => {
      const B = 3, steps = 10;
      const s = service(eta, B, B * steps);
      const rollout = s.register({ kind: 'rollout', actorId: 'r', host: 'h', pid: 1 }).actorId;
      const learner = s.register({ kind: 'learner', actorId: 'l', host: 'h', pid: 2 }).actorId;
      s.setPhase({ phase: 'training' });
      const produced: { promptId: string; attempt: number; version: number }[] = [];
      // The rollout takes all admission allows and samples it at once, with the oldest weights it may: the published ones.
      const sampleAll = async () => {
        for (;;) {
          const r = await s.acquire({ actorId: rollout, max: 100, waitMs: 0 });
          const grants = r.grants as { promptId: string; attempt: number }[];
          if (!grants.length) return;
          for (const g of grants) {
            expect(s.reportProduced({ actorId: rollout, promptId: g.promptId, attempt: g.attempt }).accepted).toBe(true);
            produced.push({ promptId: g.promptId, attempt: g.attempt, version: r.publishedVersion! });
          }
        }
      };
      const ages: number[] = [];
      let version = 0;
      for (let step = 0; step < steps; step++) {
        await sampleAll();
        const batch = produced.splice(0, B);
        expect(batch).toHaveLength(B);
        ages.push(...batch.map((g) => version - g.version));
        s.commit({ actorId: learner, version: version + 1, items: batch.map(({ promptId, attempt }) => ({ promptId, attempt })) });
        await sampleAll(); // while the step trains: the clock moved, the weights did not
        version += 1;
        expect(s.reportPublished({ actorId: learner, version })).toEqual({ publishedVersion: version });
      }
      expect(Math.max(...ages)).toBe(eta); // the bound holds, and the pipeline uses all of it
      expect(s.getState().done).toBe(true);
    });
  }

  it('published version - a restore takes it back with the clock, and a recovered scheduler starts from its clock', async () => {
    const s = service(1, 2, 8);
    const learner = s.register({ kind: 'learner', actorId: 'l', host: 'h', pid: 2 }).actorId;
    const rollout = s.register({ kind: 'rollout', actorId: 'r', host: 'h', pid: 1 }).actorId;
    const grants = (await s.acquire({ actorId: rollout, max: 2, waitMs: 0 })).grants as { promptId: string; attempt: number }[];
    s.commit({ actorId: learner, version: 1, items: grants.map(({ promptId, attempt }) => ({ promptId, attempt })) });
    s.reportPublished({ actorId: learner, version: 1 });
    expect(s.publishedVersion).toBe(1);
    s.restore({ version: 0 });
    expect(s.getState().admission).toMatchObject({ publishedVersion: 0 });
    expect(() => s.reportPublished({ actorId: learner, version: -1 })).toThrow(/ReportPublished\.version/);
  });
});
