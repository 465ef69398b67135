// What users type reaches the config: `path=value` after the config overrides
// it as --set does (Hydra's and verl's way), anything else after it is
// refused with a hint, a bad override is blamed on the override (not the
// file), and --version answers. Through the CLI's own entry, in process.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';

const deps = { actorLoops: {} } as never;
let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  out = []; err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
});
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'tribunal-cli-'));
const file = join(dir, 'x.yaml');
writeFileSync(file, 'run: { id: x }\nrl: { lr: 0.003 }\n');
const study = join(dir, 's.yaml');
writeFileSync(study, 'run: { id: s }\nstudy: { judgeExamples: 100 }\n');

describe('cli - overrides and version', () => {
  it('config check x.yaml rl.lr=1e-6 applies the override, after --set ones', async () => {
    expect(await main(['config', 'check', file, 'rl.lr=1e-6'], deps)).toBe(0);
    expect(JSON.parse(out.join('\n')).rl.lr).toBe(1e-6);
    out = [];
    expect(await main(['config', 'check', file, '--set', 'rl.lr=0.5', 'rl.lr=0.25', 'rl.groupSize=4'], deps)).toBe(0);
    const cfg = JSON.parse(out.join('\n'));
    expect([cfg.rl.lr, cfg.rl.groupSize]).toEqual([0.25, 4]);
  });

  it('a study config takes them too, study.* and the rest', async () => {
    expect(await main(['config', 'check', study, 'study.judgeExamples=7', 'run.steps=3', 'study.runs=[non-reasoning,gold-reward]'], deps)).toBe(0);
    const sc = JSON.parse(out.join('\n'));
    expect([sc.study.judgeExamples, sc.base.run.steps, sc.study.runs]).toEqual([7, 3, ['non-reasoning', 'gold-reward']]);
  });

  it('anything else after the config is refused in one line with a hint, exit 2', async () => {
    expect(await main(['config', 'check', file, 'lr'], deps)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/unexpected argument 'lr': overrides after the config are path=value \(say rl\.lr=1e-6\)/);
    err = [];
    expect(await main(['run', file, 'extra'], deps)).toBe(2);
    expect(err[0]).toMatch(/unexpected argument 'extra'/);
  });

  it('a bad override is blamed on the override, a bad file on the file', async () => {
    expect(await main(['config', 'check', file, 'rl.lr=fast'], deps)).toBe(2);
    expect(err[0]).toMatch(/--set rl\.lr=fast: rl\.lr: .*expected number/);
    expect(err[0]).not.toContain(file);
    err = [];
    expect(await main(['config', 'check', study, '--set', 'study.judgeExamples=-1'], deps)).toBe(2);
    expect(err[0]).toMatch(/--set study\.judgeExamples=-1: study\.judgeExamples/);
    err = [];
    writeFileSync(join(dir, 'bad.yaml'), 'rl: { lr: fast }\n');
    expect(await main(['config', 'check', join(dir, 'bad.yaml'), 'rl.groupSize=4'], deps)).toBe(2);
    expect(err[0]).toContain(`${join(dir, 'bad.yaml')}: rl.lr`);
  });

  it('run, study and config check fail before any process starts on a missing data file or model dir: exit 2, one line', async () => {
    const runDir = join(dir, 'never');
    writeFileSync(join(dir, 'jsonl.yaml'), `run: { id: j, dir: ${runDir} }\ndata: { source: jsonl, path: ${join(dir, 'missing.jsonl')} }\n`);
    const t0 = performance.now();
    expect(await main(['run', join(dir, 'jsonl.yaml')], deps)).toBe(2);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(err).toEqual([expect.stringMatching(/^tribunal run: data\.path: data file .*missing\.jsonl does not exist$/)]);
    expect(existsSync(runDir)).toBe(false);
    err = [];
    writeFileSync(join(dir, 'st.yaml'), `run: { id: st, dir: ${runDir} }\nstudy: { backend: torch, torch: { judgeModel: ${join(dir, 'no-model')} } }\n`);
    expect(await main(['study', join(dir, 'st.yaml')], deps)).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^tribunal study: study\.torch\.judgeModel: model dir .*no-model does not exist/)]);
    err = [];
    expect(await main(['config', 'check', join(dir, 'st.yaml')], deps)).toBe(2);
    expect(err[0]).toMatch(/study\.torch\.judgeModel/);
    out = [];
    expect(await main(['config', 'check', join(dir, 'st.yaml'), '--schema-only'], deps)).toBe(0);
    expect(existsSync(runDir)).toBe(false);
  });

  it('--version prints the package version', async () => {
    expect(await main(['--version'], deps)).toBe(0);
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(out).toEqual([`tribunal ${version}`]);
  });
});
