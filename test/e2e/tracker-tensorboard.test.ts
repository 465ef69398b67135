// A run with run.trackers.tensorboard on: the launcher's sidecar writes every
// learner step and eval round to TensorBoard event files, read back here with
// TensorBoard's own EventAccumulator. Needs the trainer's Python environment
// with tensorboard (tribunal doctor --setup --dev).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetrics } from '../helpers/run-dir.ts';
import { runCli, trivialConfig } from '../helpers/trivial-run.ts';
import { torchAvailable } from '../helpers/torch.ts';
import { trainerEnv, trainerVenvDir } from '../../src/pyenv/python-env.ts';

const python = process.env.TRIBUNAL_TRAINER_PYTHON ?? join(trainerVenvDir(), 'bin', 'python');

/** step -> value of each asked tag, as TensorBoard reads the event files. */
function readBack(logdir: string, tags: string[]): Record<string, [number, number][]> {
  const code = [
    'import json, sys',
    'from tensorboard.backend.event_processing.event_accumulator import EventAccumulator',
    'acc = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0}); acc.Reload()',
    'print(json.dumps({t: [[e.step, e.value] for e in acc.Scalars(t)] for t in sys.argv[2:] if t in acc.Tags()["scalars"]}))',
  ].join('\n');
  const r = spawnSync(python, ['-c', code, logdir, ...tags], { encoding: 'utf8', env: trainerEnv() });
  if (r.status !== 0) throw new Error(r.stderr.slice(-2000));
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

describe.skipIf(!torchAvailable())('trackers - tensorboard', () => {
  it('tensorboard - every step and eval round of a run lands in its event files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-tb-'));
    const cfg = trivialConfig(dir, {
      run: { id: 'tb', dir, steps: 6, seed: 3, trackers: { tensorboard: { enabled: true } } },
      actors: { rollout: { replicas: 1 }, judge: { replicas: 1 }, gold: { replicas: 1, evalEvery: 2, evalPrompts: 4 } },
    });
    const r = await runCli(['run', cfg]);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(existsSync(join(dir, 'tensorboard', 'offsets.json'))).toBe(true);
    const got = readBack(join(dir, 'tensorboard'), ['train/rewardMean', 'train/loss', 'eval/gold', 'eval/proxy']);
    const rows = readMetrics(dir);
    expect(got['train/rewardMean'].map(([s]) => s)).toEqual(rows.map((m) => m.step));
    got['train/rewardMean'].forEach(([, v], i) => expect(v).toBeCloseTo(rows[i].rewardMean as number, 4));
    expect(got['eval/gold'].length).toBeGreaterThan(0);
    expect(got['eval/proxy'].map(([s]) => s)).toEqual(got['eval/gold'].map(([s]) => s));
  }, 120_000);
});
