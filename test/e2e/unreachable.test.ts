// NATS or the scheduler unreachable: an actor retries with backoff, one log
// line per retry, then exits 3 with one plain line (no stack traces).
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { runCli } from '../helpers/trivial-run.ts';
import { startNats } from '../../src/testing/nats-server.ts';

const deadPort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

describe('actor - unreachable servers', () => {
  it('actor - NATS down: retries logged, then exit 3 with one line naming the server', async () => {
    const port = await deadPort();
    const r = await runCli(['actor', 'judge', '--health-port', '0', '--set', 'nats.connectGiveUpMs=1500'], 30_000, { TRIBUNAL_NATS_URL: `nats://127.0.0.1:${port}` });
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('"msg":"NATS unreachable; retrying"')).length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatch(new RegExp(`^tribunal actor: nats at nats://127.0.0.1:${port} unreachable after \\d+ attempts`));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('actor - scheduler down: retries logged, then exit 3', async () => {
    await using nats = await startNats();
    const port = await deadPort();
    const r = await runCli(['actor', 'rollout', '--health-port', '0', '--set', 'nats.connectGiveUpMs=1500'], 30_000, {
      TRIBUNAL_NATS_URL: nats.url, TRIBUNAL_SCHEDULER: `127.0.0.1:${port}`,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/unreachable/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
