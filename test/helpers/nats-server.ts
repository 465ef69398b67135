// Starts a private nats-server (JetStream, temporary store, port -1) for a test
// file and reads the real port back. Honours NATS_URL to reuse a server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  const args = ['-a', '127.0.0.1', '-p', '-1', '-js', '-sd', storeDir, '-m', '0'];
  if (opts.maxPayload) args.push('--max_payload', String(opts.maxPayload));
  const child: ChildProcess = spawn('nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`nats-server did not start:\n${log}`)), 10_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      const m = /Listening for client connections on [^:]+:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`nats-server exited with ${code}:\n${log}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(storeDir, { recursive: true, force: true });
  };
  return { url: `nats://127.0.0.1:${port}`, port, storeDir, stop, [Symbol.asyncDispose]: stop };
}
