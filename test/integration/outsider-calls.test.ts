// No one in who does not belong: a scheduler started with a token refuses
// every call that lacks it (a forged Commit, Restore or SetPhase changes
// nothing), and the private nats-server of `tribunal run` refuses a client
// without its token. Versions beyond int32 are refused at the boundary.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tribunalRejection } from '../helpers/tribunal-rejection.ts';
import { isTribunalError } from '../../src/core/errors.ts';
import { SchedulerClient } from '../../src/scheduler/client.ts';
import { startSchedulerServer } from '../../src/scheduler/server.ts';
import { spawnNatsServer } from '../../src/launcher/nats-process.ts';
import { connectBus } from '../../src/bus/connect.ts';
import { readSchedulerToken } from '../../src/scheduler/auth.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });
const TOKEN = 'a'.repeat(20) + 'b'.repeat(12);


describe('outsider calls', () => {
  it('scheduler - without its token every call is refused (UNAUTHENTICATED, exit 2) and changes nothing; with it, calls go through', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'tribunal-auth-'));
    const server = await startSchedulerServer({ address: '127.0.0.1:0', stateDir, totalPrompts: 8, datasetSize: 8, batchSize: 4, eta: 0, token: TOKEN });
    const insider = await SchedulerClient.connect(server.address, { giveUpMs: 2000, token: TOKEN });
    const outsider = await SchedulerClient.connect(server.address, { giveUpMs: 2000, token: undefined });
    const wrong = await SchedulerClient.connect(server.address, { giveUpMs: 2000, token: TOKEN.replace('b', 'c') });
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }), () => server.close(), () => insider.close(), () => outsider.close(), () => wrong.close());

    const learner = (await insider.register({ kind: 'learner', actorId: 'learner' })).actorId;
    for (const client of [outsider, wrong]) {
      for (const call of [
        client.register({ kind: 'learner', actorId: 'learner' }),
        client.commit({ actorId: 'learner', version: 1, items: [{ promptId: '0', attempt: 1 }] }),
        client.restore({ version: 0 }),
        client.setPhase({ phase: 'done' }),
        client.getState(),
      ]) {
        const e = await tribunalRejection(call);
        expect(isTribunalError(e, 'UNAUTHENTICATED')).toBe(true);
        expect(e.exitCode).toBe(2);
        expect(e.message).toMatch(/needs its token: set TRIBUNAL_SCHEDULER_TOKEN/);
      }
    }
    const state = await insider.getState();
    expect(state.phase).not.toBe('done');
    expect(state.counters).toMatchObject({ consumed: 0 });
    // A version past int32 is refused at the boundary, not wrapped in the ledger.
    const big = await tribunalRejection(insider.commit({ actorId: learner, version: 2 ** 32 - 1, items: [] }));
    expect(big.message).toMatch(/^Commit\.version: /);
  });

  it('scheduler token - read from the env or a file; a short one is a one-line config error', () => {
    expect(readSchedulerToken({})).toBeUndefined();
    expect(readSchedulerToken({ TRIBUNAL_SCHEDULER_TOKEN: TOKEN })).toBe(TOKEN);
    expect(() => readSchedulerToken({ TRIBUNAL_SCHEDULER_TOKEN: 'short' })).toThrow(/is 5 characters; use at least 16/);
    expect(() => readSchedulerToken({ TRIBUNAL_SCHEDULER_TOKEN_FILE: '/no/such/file' })).toThrow(/TRIBUNAL_SCHEDULER_TOKEN_FILE=\/no\/such\/file: cannot read/);
  });

  it("nats - tribunal run's private server refuses a client without its token; its config file is private to the user", async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'tribunal-nats-auth-'));
    const nats = await spawnNatsServer({ storeDir, token: 'tok' + 'x'.repeat(30) });
    cleanups.push(() => rmSync(storeDir, { recursive: true, force: true }), () => nats.stop());
    expect(statSync(join(storeDir, 'nats-server.conf')).mode & 0o077).toBe(0);
    await expect(connectBus({ url: nats.url, giveUpMs: 1500 })).rejects.toThrow(/auth|Authorization/i);
    const bus = await connectBus({ url: `nats://tok${'x'.repeat(30)}@127.0.0.1:${nats.port}`, giveUpMs: 3000 });
    await bus.publish('x', new Uint8Array([1]));
    await bus.close();
  });
});
