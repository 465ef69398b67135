import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTribunalError } from '../../src/core/errors.ts';
import { SchedulerClient } from '../../src/scheduler/client.ts';
import { startSchedulerServer } from '../../src/scheduler/server.ts';

const SERVER_TS = new URL('../../src/scheduler/server.ts', import.meta.url).pathname;
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const newDir = () => { const d = mkdtempSync(join(tmpdir(), 'tribunal-sched-')); dirs.push(d); return d; };
const base = { totalPrompts: 12, datasetSize: 12, batchSize: 4, eta: 1 };

/** The scheduler in its own process, so it can be SIGKILLed. */
async function startChild(stateDir: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const code = `
    import { startSchedulerServer } from ${JSON.stringify(SERVER_TS)};
    const s = await startSchedulerServer(JSON.parse(process.env.TRIBUNAL_SCHED_OPTS));
    console.log(JSON.stringify({ port: s.port }));`;
  const opts = { ...base, address: `127.0.0.1:${port}`, stateDir };
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, TRIBUNAL_SCHED_OPTS: JSON.stringify(opts) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const bound = await new Promise<number>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('exit', (code) => reject(new Error(`scheduler child exited with ${code}: ${err}`)));
  });
  return { child, port: bound };
}

describe('scheduler restart', () => {
  it('scheduler restart - consumed prompts, version and phase survive a clean restart', async () => {
    const stateDir = newDir();
    let server = await startSchedulerServer({ ...base, address: '127.0.0.1:0', stateDir });
    let client = await SchedulerClient.connect(server.address);
    const actor = (await client.register({ kind: 'rollout' })).actorId;
    const grants = (await client.acquire({ actorId: actor, max: 6 })).grants;
    await client.commit({ actorId: 'learner', version: 2, items: grants.slice(0, 4) });
    await client.setPhase({ phase: 'training' });
    client.close();
    await server.close();

    server = await startSchedulerServer({ ...base, address: '127.0.0.1:0', stateDir });
    client = await SchedulerClient.connect(server.address);
    try {
      const state = await client.getState();
      expect(state).toMatchObject({ version: 2, phase: 'training', done: false, actors: [] });
      expect(state.counters).toMatchObject({ consumed: 4, running: 0, pending: 8 });
      // The registry is not durable: the old actor is told to register again.
      expect((await client.heartbeat({ actorId: actor })).known).toBe(false);
      // A group of a prompt granted before the restart still counts once, a consumed one never again.
      const late = await client.commit({ actorId: 'learner', version: 3, items: [grants[4], grants[0]] });
      expect(late).toEqual({ consumed: ['4'], duplicates: ['0'], version: 3 });
      const again = await client.register({ kind: 'rollout', actorId: actor });
      expect(again.actorId).toBe(actor);
      const next = await client.acquire({ actorId: actor, max: 3 });
      expect(next.grants).toEqual([{ promptId: '5', index: 5, attempt: 2 }, { promptId: '6', index: 6, attempt: 1 }, { promptId: '7', index: 7, attempt: 1 }]);
    } finally {
      client.close();
      await server.close();
    }
    const err = await startSchedulerServer({ ...base, totalPrompts: 99, address: '127.0.0.1:0', stateDir }).catch((e: unknown) => e);
    expect(isTribunalError(err, 'BAD_CONFIG')).toBe(true);
    expect((err as Error).message).toMatch(/holds a run with totalPrompts=12/);
  });

  it('scheduler restart - after kill -9 the client retries until the scheduler is back with its state', async () => {
    const stateDir = newDir();
    const first = await startChild(stateDir, 0);
    const retries: string[] = [];
    const client = await SchedulerClient.connect(`127.0.0.1:${first.port}`, { onRetry: (l) => retries.push(l), giveUpMs: 20_000 });
    try {
      const actor = (await client.register({ kind: 'rollout', actorId: 'r0' })).actorId;
      const grants = (await client.acquire({ actorId: actor, max: 8 })).grants;
      expect(grants).toHaveLength(8);
      await client.commit({ actorId: 'learner', version: 1, items: grants.slice(0, 4) });
      await client.restore({ version: 1 }); // a durable no-op, journaled too
      await client.setPhase({ phase: 'evaluating' });
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));

      // The call is issued while nothing listens; it retries, then lands on the new process.
      const pending = client.commit({ actorId: 'learner', version: 2, items: grants.slice(4, 6) });
      await new Promise((r) => setTimeout(r, 300));
      await startChild(stateDir, first.port);
      expect(await pending).toEqual({ consumed: ['4', '5'], duplicates: [], version: 2 });
      expect(retries.length).toBeGreaterThan(0);
      expect(retries[0]).toMatch(/^scheduler 127\.0\.0\.1:\d+ unavailable \(Commit: .*\); retry 1 in \d+ ms/);
      expect(retries[0]).not.toContain('\n');

      const state = await client.getState();
      expect(state).toMatchObject({ version: 2, phase: 'evaluating' });
      expect(state.counters).toMatchObject({ consumed: 6, running: 0, pending: 6 });
      // A retried commit whose first try landed is idempotent; a different version is a duplicate.
      expect(await client.commit({ actorId: 'learner', version: 2, items: grants.slice(4, 6) })).toMatchObject({ consumed: ['4', '5'], duplicates: [] });
      expect(await client.commit({ actorId: 'learner', version: 3, items: grants.slice(0, 1) })).toMatchObject({ consumed: [], duplicates: ['0'] });
    } finally {
      client.close();
    }
  });

  it('scheduler restart - a client gives up with UNAVAILABLE after giveUpMs', async () => {
    const client = await SchedulerClient.connect('127.0.0.1:1', { giveUpMs: 400 });
    const started = Date.now();
    const err = await client.getState().catch((e: unknown) => e);
    client.close();
    expect(isTribunalError(err, 'UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toMatch(/unreachable for \d+ ms \(GetState\)/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
