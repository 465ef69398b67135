// Whether the trainer's Python environment is here for torch tests. Where it
// must be (CI sets TRIBUNAL_REQUIRE_TORCH=1 after provisioning it), its
// absence fails the run instead of skipping the tests.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { trainerVenvDir } from '../../src/pyenv/python-env.ts';

export function torchAvailable(): boolean {
  const here = Boolean(process.env.TRIBUNAL_TRAINER_PYTHON) || existsSync(join(trainerVenvDir(), 'bin', 'python'));
  if (!here && process.env.TRIBUNAL_REQUIRE_TORCH === '1') {
    throw new Error(`TRIBUNAL_REQUIRE_TORCH=1 but no trainer Python environment at ${trainerVenvDir()}: run node bin/tribunal doctor --setup --dev`);
  }
  return here;
}
