// Starts a private nats-server (JetStream, its own store dir, a free port read
// back from its log, or a given one for a restart) for a local run or a test,
// optionally with a token clients must present (kept in a 0600 config file in
// the store dir, never on the command line). Stops it on request and says
// when it exited.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TribunalError } from '../core/errors.ts';

export interface NatsProcess {
  /** nats://127.0.0.1:<port>, without the token. */
  url: string;
  port: number;
  /** Resolves when the server exits, for whatever reason (stop() included). */
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}

export function natsServerOnPath(bin = 'nats-server'): boolean {
  return spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A launcher killed by SIGKILL cannot stop its nats-server; the next launch on
 * the same store finds it by its pid file and stops it before starting anew.
 */
async function stopStale(pidFile: string, storeDir: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const cmdline = Number.isInteger(pid) && pid > 0 ? readCmdline(pid) : '';
  if (!cmdline.includes('nats-server') || !cmdline.includes(storeDir)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && readCmdline(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

export async function spawnNatsServer(opts: { storeDir: string; maxPayload?: number; bin?: string; port?: number; token?: string }): Promise<NatsProcess> {
  mkdirSync(opts.storeDir, { recursive: true });
  const pidFile = join(opts.storeDir, 'nats-server.pid');
  await stopStale(pidFile, opts.storeDir);
  const args = ['-a', '127.0.0.1', '-p', String(opts.port ?? -1), '-js', '-sd', opts.storeDir, '-P', pidFile];
  if (opts.token) {
    if (!/^[A-Za-z0-9]+$/.test(opts.token)) throw new TribunalError('BAD_CONFIG', 'nats-server token: letters and digits only');
    const conf = join(opts.storeDir, 'nats-server.conf');
    writeFileSync(conf, `authorization {\n  token: "${opts.token}"\n}\n`, { mode: 0o600 });
    args.push('-c', conf);
  }
  if (opts.maxPayload) args.push('--max_payload', String(opts.maxPayload));
  const child: ChildProcess = spawn(opts.bin ?? 'nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
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
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // A server that cannot flush its store (a full disk) may never finish shutting down.
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
