// A child that binds port 0 tells its launcher the port it got through a small
// file (written whole, then renamed), so no port is picked, closed and hoped
// for: the race of bind-close-reuse with other processes is gone.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { sleep } from '../core/sleep.ts';
import { TribunalError } from '../core/errors.ts';

export function writePortFile(path: string, port: number): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${port}\n`);
  renameSync(tmp, path);
}

export function clearPortFile(path: string): void {
  rmSync(path, { force: true });
}

/** The port in the file, or null while there is none (not written yet, or half a write). */
export function portInFile(path: string): number | null {
  if (!existsSync(path)) return null;
  const port = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(port) && port > 0 ? port : null;
}

/** Waits for the port file; gives up (UNAVAILABLE) after timeoutMs, or at once when `gone()` says the child died for good. */
export async function readPortFile(path: string, opts: { timeoutMs: number; gone?: () => boolean; signal?: AbortSignal }): Promise<number> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline && !opts.gone?.() && !opts.signal?.aborted) {
    const port = portInFile(path);
    if (port !== null) return port;
    await sleep(25, opts.signal);
  }
  throw new TribunalError('UNAVAILABLE', `no port reported in ${path} within ${opts.timeoutMs} ms`);
}
