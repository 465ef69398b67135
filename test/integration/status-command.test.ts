// `tribunal status` against a real scheduler over gRPC: by address with the
// token in the environment, and by a run directory (port and token read
// there); --json for scripts; one line and a meaningful exit code when the
// directory is not a run, the token is wrong or nothing answers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SchedulerClient } from '../../src/scheduler/client.ts';
import { startSchedulerServer } from '../../src/scheduler/server.ts';
import { runCli } from '../helpers/trivial-run.ts';
import { formatStatus } from '../../src/cli/status-format.ts';

const TOKEN = 'status-test-token-0123456789';
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

describe('tribunal status', () => {
  it('status - prints phase, version, prompts, admission and each actor; --json gives the reply; a run dir is enough', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'tribunal-status-'));
    const server = await startSchedulerServer({ address: '127.0.0.1:0', stateDir, totalPrompts: 16, datasetSize: 16, batchSize: 4, eta: 1, token: TOKEN });
    const client = await SchedulerClient.connect(server.address, { token: TOKEN, giveUpMs: 2000 });
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }), () => server.close(), () => client.close());
    await client.setPhase({ phase: 'training' });
    const rollout = (await client.register({ kind: 'rollout', actorId: 'rollout-0' })).actorId;
    await client.register({ kind: 'learner', actorId: 'learner' });
    const g = await client.acquire({ actorId: rollout, max: 3 });
    expect(g.grants).toHaveLength(3);

    const byAddress = await runCli(['status', '--scheduler', server.address], 30_000, { TRIBUNAL_SCHEDULER_TOKEN: TOKEN });
    expect(byAddress.code, byAddress.stderr).toBe(0);
    expect(byAddress.stdout).toMatch(/phase training, policy version 0/);
    expect(byAddress.stdout).toMatch(/consumed 0 of 16 \(0%\); pending 13, running 3, produced 0/);
    expect(byAddress.stdout).toMatch(/admission  open: 5 prompt\(s\) may be granted \(eta 1, B 4, from published version 0\)/);
    expect(byAddress.stdout).toMatch(/rollout\s+rollout-0\s+\S+\s+\d+\s+\d+\.\d s\s+3/);

    const json = await runCli(['status', '--scheduler', server.address, '--json'], 30_000, { TRIBUNAL_SCHEDULER_TOKEN: TOKEN });
    const state = JSON.parse(json.stdout);
    expect(state).toMatchObject({ phase: 'training', version: 0, counters: { running: 3, total: 16 }, admission: { eta: 1, batchSize: 4, openSlots: 5, publishedVersion: 0 } });
    expect(state.actors.map((a: { kind: string }) => a.kind).sort()).toEqual(['learner', 'rollout']);

    // A run dir, as tribunal run leaves it: config.json, scheduler.port, scheduler.token.
    const runDir = mkdtempSync(join(tmpdir(), 'tribunal-status-run-'));
    cleanups.push(() => rmSync(runDir, { recursive: true, force: true }));
    writeFileSync(join(runDir, 'config.json'), '{}');
    writeFileSync(join(runDir, 'scheduler.port'), String(server.port));
    writeFileSync(join(runDir, 'scheduler.token'), TOKEN, { mode: 0o600 });
    const byDir = await runCli(['status', runDir], 30_000, { TRIBUNAL_SCHEDULER_TOKEN: '' });
    expect(byDir.code, byDir.stderr).toBe(0);
    expect(byDir.stdout).toMatch(/actors     2 registered/);

    const wrong = await runCli(['status', '--scheduler', server.address], 30_000, { TRIBUNAL_SCHEDULER_TOKEN: 'x'.repeat(20) });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/needs its token/);
  }, 60_000);

  it('status - not a run dir (exit 2) and nothing listening (exit 3), each in one line', async () => {
    const notRun = mkdtempSync(join(tmpdir(), 'tribunal-status-none-'));
    cleanups.push(() => rmSync(notRun, { recursive: true, force: true }));
    const a = await runCli(['status', notRun]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/is not a run directory \(no config\.json\)/);
    const b = await runCli(['status', '--scheduler', '127.0.0.1:9']);
    expect(b.code).toBe(3);
    expect(b.stderr.trim().split('\n').filter((l) => l.startsWith('tribunal status:'))).toHaveLength(1);
  }, 60_000);

  it('status format - an empty scheduler and an older one without admission still print', () => {
    const text = formatStatus('x:1', { phase: 'starting', version: 0, counters: null, actors: [], done: false, admission: null });
    expect(text).toMatch(/admission  unknown/);
    expect(text).toMatch(/actors     none registered/);
  });
});
