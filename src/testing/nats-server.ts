// A private nats-server for a test file or a benchmark (JetStream, temporary
// store, port -1, the real port read back); honours NATS_URL to reuse a server.
// Test and bench support: the runtime never imports src/testing/.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnNatsServer } from '../launcher/nats-process.ts';

export interface NatsServer extends AsyncDisposable {
  url: string;
  port: number;
  storeDir: string;
  stop(): Promise<void>;
}

export interface StartNatsOptions {
  maxPayload?: number;
  /**
   * Extra nats-server flags (e.g. ['--user', 'u', '--pass', 'p'] or ['-c', conf]).
   * A server with extra flags is always private: NATS_URL is not reused for it.
   */
  args?: string[];
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * spawnNatsServer takes no extra flags, only a binary: a two-line wrapper
 * script in the store dir appends them.
 */
function wrapperWithArgs(dir: string, args: string[]): string {
  const path = join(dir, 'nats-server-with-args.sh');
  writeFileSync(path, `#!/bin/sh\nexec nats-server "$@" ${args.map(shellQuote).join(' ')}\n`);
  chmodSync(path, 0o755);
  return path;
}

export async function startNats(opts: StartNatsOptions = {}): Promise<NatsServer> {
  if (process.env.NATS_URL && !opts.args?.length) {
    const url = process.env.NATS_URL;
    return { url, port: Number(new URL(url).port), storeDir: '', stop: async () => {}, [Symbol.asyncDispose]: async () => {} };
  }
  const storeDir = mkdtempSync(join(tmpdir(), 'tribunal-nats-'));
  const bin = opts.args?.length ? wrapperWithArgs(storeDir, opts.args) : undefined;
  const server = await spawnNatsServer({ storeDir, maxPayload: opts.maxPayload, bin });
  const stop = async () => {
    await server.stop();
    rmSync(storeDir, { recursive: true, force: true });
  };
  return { url: server.url, port: server.port, storeDir, stop, [Symbol.asyncDispose]: stop };
}
