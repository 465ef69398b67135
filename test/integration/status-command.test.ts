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
import { stepTimeline } from '../../src/learner/pipeline-timeline.ts';

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
    expect(byDir.stdout).not.toMatch(/where the time goes/); // no steps yet

    // Steps in metrics.jsonl: where their time went, after the scheduler's view (and in --json).
    writeFileSync(join(runDir, 'metrics.jsonl'), [1, 2, 3].map((step) => JSON.stringify({
      step, version: step, timeline: stepTimeline(1e6, { waitMs: 4, commitMs: 2, trainMs: 300, proxMs: 0, updateMs: 290, exportMs: 3, publishedAfterMs: 5 },
        [{ version: step - 1, grantedAtMs: 1e6 - 900, sampleStartMs: 1e6 - 880, sampledAtMs: 1e6 - 600, judgeStartMs: 1e6 - 590, scoredAtMs: 1e6 - 500, receivedAtMs: 1e6 - 400, weightsLoadMs: 1.5 }]),
    })).join('\n') + '\n');
    const withSteps = await runCli(['status', runDir], 30_000, { TRIBUNAL_SCHEDULER_TOKEN: '' });
    expect(withSteps.code, withSteps.stderr).toBe(0);
    expect(withSteps.stdout).toMatch(/where the time goes \(last 3 steps/);
    expect(withSteps.stdout).toMatch(/update 290\.0 ms/);
    expect(withSteps.stdout).toMatch(/sample +280\.0 ms/);
    expect(withSteps.stdout).toMatch(/load +1\.5 ms/);
    const withStepsJson = JSON.parse((await runCli(['status', runDir, '--json'], 30_000, { TRIBUNAL_SCHEDULER_TOKEN: '' })).stdout);
    expect(withStepsJson.timeline).toMatchObject({ steps: 3, step: { updateMs: { median: 290 } } });

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
    // A run whose scheduler is gone still shows where its time went, then says it cannot reach it.
    writeFileSync(join(notRun, 'config.json'), '{}');
    writeFileSync(join(notRun, 'metrics.jsonl'), JSON.stringify({ step: 1, version: 1, timeline: stepTimeline(1e6, { waitMs: 1, commitMs: 1, trainMs: 9, exportMs: 1, publishedAfterMs: null }, []) }) + '\n');
    const c = await runCli(['status', notRun]);
    expect(c.code).toBe(3);
    expect(c.stdout).toMatch(/where the time goes \(last 1 steps/);
    expect(c.stderr).toMatch(/no scheduler is running for it/);
    // Its port left behind, nothing listening: it stopped unfinished, said in one line without gRPC's own words.
    writeFileSync(join(notRun, 'scheduler.port'), '9');
    const d = await runCli(['status', notRun]);
    expect(d.code).toBe(3);
    expect(d.stderr.trim().split('\n')).toEqual([expect.stringMatching(/does not answer and the run did not finish: it stopped \(tribunal run --resume .* goes on from its last checkpoint\)/)]);
    expect(d.stderr).not.toMatch(/Resolution note/);
    // Finished: its final weights are there; said so, with its last step, exit 0, no scheduler asked.
    writeFileSync(join(notRun, 'config.json'), JSON.stringify({ run: { steps: 1 } }));
    writeFileSync(join(notRun, 'weights-final.json'), '{}');
    const f = await runCli(['status', notRun]);
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toMatch(/the run finished: step 1 of 1, final weights in .*weights-final\.json/);
    expect(f.stdout).toMatch(/where the time goes/);
    expect(JSON.parse((await runCli(['status', notRun, '--json'])).stdout)).toMatchObject({ finished: true, step: 1, steps: 1 });
  }, 60_000);

  it('status format - an empty scheduler and an older one without admission still print', () => {
    const text = formatStatus('x:1', { phase: 'starting', version: 0, counters: null, actors: [], done: false, admission: null });
    expect(text).toMatch(/admission  unknown/);
    expect(text).toMatch(/actors     none registered/);
  });
});
