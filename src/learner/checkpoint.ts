// Learner checkpoints: the trainer's files plus the learner's own state
// (version, step, which prompts' effects the weights hold), written to a
// temporary folder and renamed into place, so a kill never leaves half a one.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { writeError } from '../core/write-error.ts';
import { join } from 'node:path';
import type { Trainer } from '../engines/types.ts';
import { TribunalError } from '../core/errors.ts';

export interface LearnerState {
  version: number;
  step: number;
  /** Fingerprint of the settings a checkpoint is only valid for. */
  fingerprint: string;
  /** How many times each prompt's group was trained on (must be 1 each). */
  trainedCounts: Record<string, number>;
  /** Step with the best gold score so far (hacking monitor), if any. */
  goldPeakStep?: number;
}

const KEEP = 3;
const name = (step: number) => `step-${String(step).padStart(7, '0')}`;

export async function saveCheckpoint(dir: string, trainer: Trainer, state: LearnerState, keepSteps: number[] = []): Promise<string> {
  await mkdir(dir, { recursive: true });
  const final = join(dir, name(state.step));
  const tmp = join(dir, `.tmp-${name(state.step)}-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    await trainer.save(join(tmp, 'trainer'));
    await writeFile(join(tmp, 'learner.json'), JSON.stringify(state));
  } catch (e) {
    // Half a checkpoint is never renamed into place; the space it took is given back.
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw writeError(final, e);
  }
  await rm(final, { recursive: true, force: true });
  await rename(tmp, final);
  const all = await listCheckpoints(dir);
  const keep = new Set([...all.slice(-KEEP), ...keepSteps.map(name)]);
  await Promise.all(all.filter((c) => !keep.has(c)).map((c) => rm(join(dir, c), { recursive: true, force: true })));
  return final;
}

async function listCheckpoints(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries.filter((e) => /^step-\d{7}$/.test(e)).sort();
}

/** Loads the newest checkpoint into the trainer; null when there is none. */
export async function loadLatestCheckpoint(dir: string, trainer: Trainer, fingerprint: string): Promise<LearnerState | null> {
  const all = await listCheckpoints(dir);
  const last = all.at(-1);
  if (!last) return null;
  const state = JSON.parse(await readFile(join(dir, last, 'learner.json'), 'utf8')) as LearnerState;
  if (state.fingerprint !== fingerprint) {
    throw new TribunalError('BAD_CONFIG', `checkpoint ${join(dir, last)} was written for another config (${state.fingerprint}); this run is ${fingerprint}. Use a new run dir or the original config.`);
  }
  await trainer.load(join(dir, last, 'trainer'));
  return state;
}
