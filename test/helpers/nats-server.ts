// Starts a private nats-server (JetStream, temporary store, port -1) for a test
// file and reads the real port back. Honours NATS_URL to reuse a server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnNatsServer } from '../../src/launcher/nats-process.ts';

export interface NatsServer extends AsyncDisposable {
  url: string;
  port: number;
  storeDir: string;
  stop(): Promise<void>;
}

export async function startNats(opts: { maxPayload?: number } = {}): Promise<NatsServer> {
  if (process.env.NATS_URL) {
    const url = process.env.NATS_URL;
    return { url, port: Number(new URL(url).port), storeDir: '', stop: async () => {}, [Symbol.asyncDispose]: async () => {} };
  }
  const storeDir = mkdtempSync(join(tmpdir(), 'tribunal-nats-'));
  const server = await spawnNatsServer({ storeDir, maxPayload: opts.maxPayload });
  const stop = async () => {
    await server.stop();
    rmSync(storeDir, { recursive: true, force: true });
  };
  return { url: server.url, port: server.port, storeDir, stop, [Symbol.asyncDispose]: stop };
}
