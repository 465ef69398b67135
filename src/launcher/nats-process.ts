// Starts a private nats-server (JetStream, its own store dir, a free port read
// back from its log) for a local run or a test. Stops it on request.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { TribunalError } from '../errors.ts';

export interface NatsProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function natsServerOnPath(bin = 'nats-server'): boolean {
  return spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function spawnNatsServer(opts: { storeDir: string; maxPayload?: number; bin?: string }): Promise<NatsProcess> {
  mkdirSync(opts.storeDir, { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', '-1', '-js', '-sd', opts.storeDir];
  if (opts.maxPayload) args.push('--max_payload', String(opts.maxPayload));
  const child: ChildProcess = spawn(opts.bin ?? 'nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let log = '';
    const fail = (why: string) => reject(new TribunalError('UNAVAILABLE', `nats-server ${why}: ${log.trim().split('\n').at(-1) ?? ''}`));
    const timer = setTimeout(() => fail('did not start within 10 s'), 10_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      const m = /Listening for client connections on [^:\s]+:(\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    child.once('error', (e) => { clearTimeout(timer); fail(e.message); });
    child.once('exit', (code) => { clearTimeout(timer); fail(`exited with ${code}`); });
  });
  child.stderr!.resume();
  child.stdout!.resume();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
