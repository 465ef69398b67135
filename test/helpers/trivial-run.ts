// Helpers for end-to-end runs on the trivial workload: a small config and a
// way to run the real `tribunal` binary as a child process.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/tribunal');

export function trivialConfig(dir: string, over: Record<string, unknown> = {}): string {
  const cfg = {
    run: { id: 'e2e', dir, steps: 6, seed: 3 },
    scheduler: { leaseMs: 2000, heartbeatMs: 300 },
    nats: { ackWaitMs: 3000, connectGiveUpMs: 20000 },
    rl: { eta: 1, promptsPerStep: 4, groupSize: 4, maxNewTokens: 6, checkpointEvery: 1, lr: 0.5 },
    actors: { rollout: { replicas: 2 }, judge: { replicas: 2 } },
    data: { datasetSize: 1000 },
    engines: { policy: { backend: 'trivial', sampleDelayMs: 20 }, judge: { backend: 'trivial' }, gold: { backend: 'trivial' } },
    ...over,
  };
  const path = join(dir, 'experiment.json');
  writeFileSync(path, JSON.stringify(cfg));
  return path;
}

export function runCli(args: string[], timeoutMs = 90_000, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('exit', (code) => { clearTimeout(t); resolveRun({ code, stdout, stderr }); });
  });
}

