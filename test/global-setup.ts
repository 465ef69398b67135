// Before the suite: the trainer's Python environment, provisioned by the
// product's own code path (as `tribunal doctor --setup --dev` does), so that a
// fresh clone's `npm test` runs the torch tests instead of skipping them. A
// current venv costs a stamp check; where python3 or its venv module is
// missing, one line says why and how, and those tests skip (or fail, with
// TRIBUNAL_REQUIRE_TORCH=1). TRIBUNAL_TEST_SETUP=0 leaves the environment alone.
import { ensureTrainerPython, trainerVenvDir } from '../src/pyenv/python-env.ts';
import { NoopLogger } from '../src/core/logger.ts';
import { oneLine } from '../src/core/errors.ts';

export default async function setup(): Promise<void> {
  if (process.env.TRIBUNAL_TEST_SETUP === '0') return;
  const started = Date.now();
  let said = false;
  try {
    await ensureTrainerPython({
      log: NoopLogger, dev: true,
      onProgress: (note) => { said = true; process.stderr.write(`test setup: ${note}\n`); },
    });
    if (said) process.stderr.write(`test setup: the trainer's Python environment is ready in ${trainerVenvDir()} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (e) {
    process.stderr.write(`test setup: no trainer Python environment, the torch tests will skip: ${oneLine(e)} (by hand: node bin/tribunal doctor --setup --dev; TRIBUNAL_PIP_ARGS adds pip flags)\n`);
  }
}
