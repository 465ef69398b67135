import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStudyConfig } from '../../src/study/config.ts';
import { claimStudyDir } from '../../src/study/study.ts';

const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

describe('study dir claim', () => {
  it('claim - a study dir resumes under the same study, with judges trained side by side or not; another study is refused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tribunal-claim-'));
    dirs.push(dir);
    const load = (...sets: string[]) => loadStudyConfig('examples/quick-study.yaml', { sets });
    claimStudyDir(dir, load());
    claimStudyDir(dir, load('study.judgeSft.concurrency=1'));
    // A tracker turned on when resuming changes where the run is watched, not what it trains.
    claimStudyDir(dir, load('run.trackers.tensorboard.enabled=true'));
    expect(() => claimStudyDir(dir, load('study.judgeSft.epochs=9'))).toThrow(/holds a study run with another config/);
    expect(() => claimStudyDir(dir, load('data.fields.prompt=question'))).toThrow(/holds a study run with another config/);
  });
});
