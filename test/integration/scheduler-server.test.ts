import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceError } from '@grpc/grpc-js';
import { afterAll, describe, expect, it } from 'vitest';
import { tribunalRejection } from '../helpers/tribunal-rejection.ts';
import { SchedulerClient } from '../../src/scheduler/client.ts';
import { startSchedulerServer, type SchedulerServerOptions } from '../../src/scheduler/server.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

async function start(opts: Partial<SchedulerServerOptions>) {
  const stateDir = mkdtempSync(join(tmpdir(), 'tribunal-sched-'));
  const server = await startSchedulerServer({ address: '127.0.0.1:0', stateDir, totalPrompts: 8, datasetSize: 5, batchSize: 4, eta: 0, ...opts });
  const client = await SchedulerClient.connect(server.address, { giveUpMs: 2000 });
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }), () => server.close(), () => client.close());
  return { server, client };
}


describe('scheduler server', () => {
  it('scheduler server - register, admission blocks, the published weights (not the commit) unblock the long-poll, done ends the run', async () => {
    const { server, client } = await start({ leaseMs: 20_000 });
    expect(server.port).toBeGreaterThan(0);
    const reg = await client.register({ kind: 'rollout' });
    expect(reg.actorId).toMatch(/^rollout-1-/);
    expect(reg).toMatchObject({ leaseMs: 20_000, heartbeatMs: 6666 });
    const learner = (await client.register({ kind: 'learner', actorId: 'learner-0' })).actorId;

    // eta 0, B 4: one batch may be out at version 0.
    const first = await client.acquire({ actorId: reg.actorId, max: 10 });
    expect(first.grants).toEqual([0, 1, 2, 3].map((s) => ({ promptId: String(s), index: s % 5, attempt: 1 })));
    const closed = await client.acquire({ actorId: reg.actorId, max: 10 });
    expect(closed).toMatchObject({ grants: [], version: 0, phase: 'starting', retryAfterMs: 250, done: false });

    // A long-poll waits while admission is closed and is released by the commit.
    let settled = false;
    const polled = client.acquire({ actorId: reg.actorId, max: 10, waitMs: 10_000 }).finally(() => { settled = true; });
    for (const g of first.grants) expect((await client.reportProduced({ actorId: reg.actorId, promptId: g.promptId, attempt: g.attempt })).accepted).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    const t0 = Date.now();
    const committed = await client.commit({ actorId: learner, version: 1, items: first.grants.map((g) => ({ promptId: g.promptId, attempt: g.attempt })) });
    expect(committed).toEqual({ consumed: ['0', '1', '2', '3'], duplicates: [], version: 1 });
    // The commit moves the clock while version 1 still trains: a batch granted now could only sample version 0.
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    expect((await client.getState()).admission).toMatchObject({ openSlots: 0, publishedVersion: 0 });
    // A publication beyond the clock is held at the clock.
    expect(await client.reportPublished({ actorId: learner, version: 7 })).toEqual({ publishedVersion: 1 });
    const second = await polled;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(second.grants.map((g) => g.promptId)).toEqual(['4', '5', '6', '7']);
    expect(second.grants[0].index).toBe(4);
    expect(second).toMatchObject({ version: 1, publishedVersion: 1 });

    await client.setPhase({ phase: 'training' });
    const again = await client.commit({ actorId: learner, version: 2, items: [...second.grants, first.grants[0]].map((g) => ({ promptId: g.promptId, attempt: g.attempt })) });
    expect(again.duplicates).toEqual(['0']);
    const end = await client.acquire({ actorId: reg.actorId, max: 1, waitMs: 5000 });
    expect(end).toMatchObject({ grants: [], done: true, phase: 'training', version: 2 });
    const state = await client.getState();
    expect(state).toMatchObject({ done: true, version: 2, phase: 'training' });
    expect(state.counters).toMatchObject({ consumed: 8, duplicates: 1, pending: 0, running: 0, total: 8 });
    expect(state.actors.map((a) => a.actorId).sort()).toEqual(['learner-0', reg.actorId].sort());
    expect(await client.deregister({ actorId: reg.actorId })).toEqual({ known: true, released: 0 });
    expect((await client.heartbeat({ actorId: reg.actorId })).known).toBe(false);
  });

  it('scheduler server - lease expiry declares a silent actor dead and re-issues its prompts', async () => {
    const { client } = await start({ leaseMs: 400, totalPrompts: 6, batchSize: 3, eta: 1 });
    const dead = (await client.register({ kind: 'rollout' })).actorId;
    const alive = (await client.register({ kind: 'rollout' })).actorId;
    const taken = await client.acquire({ actorId: dead, max: 3 });
    expect(taken.grants.map((g) => g.promptId)).toEqual(['0', '1', '2']);
    await client.reportProduced({ actorId: dead, promptId: '0', attempt: 1 });
    const rest = await client.acquire({ actorId: alive, max: 3 });
    expect(rest.grants.map((g) => g.promptId)).toEqual(['3', '4', '5']);
    // Only `alive` keeps its lease; the long-poll wakes when the sweep frees dead's prompts.
    const beat = setInterval(() => void client.heartbeat({ actorId: alive }), 100);
    try {
      let reissued = await client.acquire({ actorId: alive, max: 5, waitMs: 190 });
      const untilMs = Date.now() + 3000;
      while (!reissued.grants.length && Date.now() < untilMs) reissued = await client.acquire({ actorId: alive, max: 5, waitMs: 190 });
      // Prompt 0's group was already produced, so only 1 and 2 come back, as attempt 2.
      expect(reissued.grants).toEqual([{ promptId: '1', index: 1, attempt: 2 }, { promptId: '2', index: 2, attempt: 2 }]);
    } finally {
      clearInterval(beat);
    }
    expect(await client.heartbeat({ actorId: dead })).toMatchObject({ known: false });
    const err = await tribunalRejection(client.acquire({ actorId: dead, max: 1 }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/register again/);
    const state = await client.getState();
    expect(state.counters).toMatchObject({ reissued: 2, running: 5, produced: 1 });
  });

  it('scheduler server - bad requests get INVALID_ARGUMENT naming the field', async () => {
    const { client } = await start({});
    const id = (await client.register({ kind: 'judge' })).actorId;
    const cases: [Promise<unknown>, RegExp][] = [
      [client.acquire({ actorId: id, max: 0 }), /^Acquire\.max: /],
      [client.acquire({ actorId: '', max: 1 }), /^Acquire\.actorId: /],
      [client.setPhase({ phase: 'party' as never }), /^SetPhase\.phase: /],
      [client.register({ kind: 'wizard' as never }), /^Register\.kind: /],
      [client.commit({ actorId: id, version: 1, items: [{ promptId: '0', attempt: 0 }] }), /^Commit\.items\.0\.attempt: /],
      [client.commit({ actorId: id, version: 1, items: [{ promptId: 'nope', attempt: 1 }] }), /promptId: "nope"/],
    ];
    for (const [call, field] of cases) {
      const err = await tribunalRejection(call);
      expect((err.cause as ServiceError).code).toBe(3); // INVALID_ARGUMENT
      expect(err.code).toBe('BAD_MESSAGE');
      expect(err.message).toMatch(field);
    }
    const stale = await tribunalRejection(client.restore({ version: 7 }));
    expect(stale.code).toBe('STALE');
  });
});
