// Runs a short-lived child (python --version, pip, the tiny-model writer) to its end:
// stdout kept, every output line streamed to a callback, the last lines kept for errors.
import { spawn } from 'node:child_process';

export interface ChildResult {
  /** Exit status; null when it could not start or was killed. */
  code: number | null;
  stdout: string;
  /** The last lines of stdout and stderr together, in order. */
  tail: string[];
  /** Why it could not start (ENOENT, ...), or that it was stopped. */
  error?: Error;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** @default 40 */
  tailLines?: number;
}

const MAX_STDOUT = 4 << 20;

export function runChild(cmd: string, args: string[], opts: ChildOptions = {}): Promise<ChildResult> {
  return new Promise((resolve) => {
    const tail: string[] = [];
    const keep = opts.tailLines ?? 40;
    let stdout = '';
    let error: Error | undefined;
    const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stop = (why: string) => {
      error ??= new Error(why);
      child.kill('SIGTERM');
    };
    const onAbort = () => stop('interrupted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
    const timer = opts.timeoutMs ? setTimeout(() => stop(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs) : undefined;
    for (const name of ['stdout', 'stderr'] as const) {
      let partial = '';
      child[name].setEncoding('utf8');
      child[name].on('data', (chunk: string) => {
        if (name === 'stdout' && stdout.length < MAX_STDOUT) stdout += chunk;
        const lines = (partial + chunk).split(/\r?\n|\r/);
        partial = lines.pop() ?? '';
        for (const line of lines) emit(line, name);
      });
      child[name].on('end', () => { if (partial) emit(partial, name); });
    }
    function emit(line: string, stream: 'stdout' | 'stderr') {
      if (!line.trim()) return;
      tail.push(line);
      if (tail.length > keep) tail.shift();
      opts.onLine?.(line, stream);
    }
    child.on('error', (e) => { error ??= e; });
    child.on('close', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code: error ? null : code, stdout, tail, error });
    });
  });
}
