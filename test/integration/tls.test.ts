// TLS on the control and data planes, from PEM files named in the
// environment (test/fixtures/tls: a throwaway CA and a localhost cert): the
// scheduler serves gRPC over TLS and a client that verifies it against the CA
// gets through, with the token; a plaintext client does not. The NATS client
// connects over TLS to a server that requires it when TRIBUNAL_NATS_TLS_CA
// names the CA.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTribunalError } from '../../src/core/errors.ts';
import { SchedulerClient } from '../../src/scheduler/client.ts';
import { startSchedulerServer } from '../../src/scheduler/server.ts';
import { startNats } from '../../src/testing/nats-server.ts';
import { connectBus } from '../../src/bus/connect.ts';
import { natsTlsOptions } from '../../src/bus/nats-connect.ts';

const FIX = resolve(import.meta.dirname, '../fixtures/tls');
const TOKEN = 'tls-test-token-0123456789';
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

describe('tls', () => {
  it('scheduler - serves gRPC over TLS from the env; a client verifying the CA gets through, a plaintext one does not', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'tribunal-tls-'));
    const server = await startSchedulerServer({
      address: '127.0.0.1:0', stateDir, totalPrompts: 4, datasetSize: 4, batchSize: 2, eta: 0, token: TOKEN,
      env: { TRIBUNAL_SCHEDULER_TLS_CERT: join(FIX, 'server.crt'), TRIBUNAL_SCHEDULER_TLS_KEY: join(FIX, 'server.key') },
    });
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }), () => server.close());
    const address = `localhost:${server.port}`;
    const secure = await SchedulerClient.connect(address, { giveUpMs: 3000, env: { TRIBUNAL_SCHEDULER_TLS_CA: join(FIX, 'ca.crt'), TRIBUNAL_SCHEDULER_TOKEN: TOKEN } });
    const plain = await SchedulerClient.connect(address, { giveUpMs: 1500, env: { TRIBUNAL_SCHEDULER_TOKEN: TOKEN } });
    cleanups.push(() => secure.close(), () => plain.close());
    expect((await secure.register({ kind: 'learner', actorId: 'learner' })).actorId).toBe('learner');
    const e = await plain.getState().then(() => null, (err: unknown) => err);
    expect(isTribunalError(e, 'UNAVAILABLE')).toBe(true);
    // Half a pair, or a file that is not there, is a one-line config error naming the variable.
    await expect(startSchedulerServer({ address: '127.0.0.1:0', stateDir, totalPrompts: 4, datasetSize: 4, batchSize: 2, eta: 0, env: { TRIBUNAL_SCHEDULER_TLS_CERT: join(FIX, 'server.crt') } }))
      .rejects.toThrow(/needs both TRIBUNAL_SCHEDULER_TLS_CERT and TRIBUNAL_SCHEDULER_TLS_KEY/);
    await expect(SchedulerClient.connect(address, { env: { TRIBUNAL_SCHEDULER_TLS_CA: '/no/such/ca.crt' } })).rejects.toThrow(/TRIBUNAL_SCHEDULER_TLS_CA=\/no\/such\/ca\.crt: cannot read it/);
  });

  it('nats - a server that requires TLS takes a client given the CA in TRIBUNAL_NATS_TLS_CA', async () => {
    const nats = await startNats({ args: ['--tls', '--tlscert', join(FIX, 'server.crt'), '--tlskey', join(FIX, 'server.key')] });
    cleanups.push(() => nats.stop());
    const url = `nats://localhost:${nats.port}`;
    const before = process.env.TRIBUNAL_NATS_TLS_CA;
    try {
      delete process.env.TRIBUNAL_NATS_TLS_CA;
      await expect(connectBus({ url, giveUpMs: 1500 })).rejects.toThrow();
      process.env.TRIBUNAL_NATS_TLS_CA = join(FIX, 'ca.crt');
      const bus = await connectBus({ url, giveUpMs: 5000 });
      await bus.publish('tls.check', new Uint8Array([1]));
      await bus.close();
    } finally {
      if (before === undefined) delete process.env.TRIBUNAL_NATS_TLS_CA;
      else process.env.TRIBUNAL_NATS_TLS_CA = before;
    }
    expect(() => natsTlsOptions({ TRIBUNAL_NATS_TLS_CERT: 'c.pem' })).toThrow(/TRIBUNAL_NATS_TLS_CERT and TRIBUNAL_NATS_TLS_KEY go together/);
  });
});
