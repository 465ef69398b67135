// How a `tribunal run`'s scheduler is reached from its run directory: the
// launcher leaves the port the scheduler bound (scheduler.port) and the token
// it generated (scheduler.token, readable by the run's user only). `tribunal
// status` and the live page read them; nothing else needs to know the names.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN_ENV, TOKEN_FILE_ENV } from './auth.ts';

export const runPortFile = (runDir: string) => join(runDir, 'scheduler.port');
const runTokenFile = (runDir: string) => join(runDir, 'scheduler.token');

export function writeRunToken(runDir: string, token: string): void {
  writeFileSync(runTokenFile(runDir), token, { mode: 0o600 });
}

/** `env` with the run's own token in it (it wins over whatever the environment holds). */
export function withRunToken(runDir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  const file = runTokenFile(runDir);
  if (existsSync(file)) {
    out[TOKEN_ENV] = readFileSync(file, 'utf8').trim();
    delete out[TOKEN_FILE_ENV];
  }
  return out;
}
