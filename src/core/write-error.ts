// One line for a write that failed, naming the path and, for a full disk,
// saying so: what a person needs to free space and resume.
import { oneLine, TribunalError } from './errors.ts';

export function writeErrorLine(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return `cannot write ${path}: ${code ?? oneLine(e)}${code === 'ENOSPC' ? ' (the disk is full)' : code === 'EDQUOT' ? ' (over the disk quota)' : ''}`;
}

/** The same as a TribunalError (UNAVAILABLE: free space and run again), the cause kept. */
export function writeError(path: string, e: unknown): TribunalError {
  return new TribunalError('UNAVAILABLE', writeErrorLine(path, e), { cause: e });
}
