// The trainer's Python environment for real: a fresh venv whose pip fails (offline, so
// nothing large is installed), the provisioned venv in .cache, TRIBUNAL_TRAINER_PYTHON,
// tiny random model dirs made once under a lock, and `tribunal doctor` end to end.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ensureTrainerPython, inspectTrainerPython, resolveModelDir, TRAINER_DIR, trainerVenvDir } from '../../src/pyenv/python-env.ts';
import { isTribunalError, type TribunalErrorCode } from '../../src/core/errors.ts';
import { NoopLogger, type Logger } from '../../src/core/logger.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'tribunal');
const SETUP = 'run `tribunal doctor --setup --dev` to provision the trainer venv';

function venvProvisioned(): boolean {
  const here = existsSync(join(trainerVenvDir(), 'bin', 'python'));
  if (!here && process.env.TRIBUNAL_REQUIRE_TORCH === '1') throw new Error(`TRIBUNAL_REQUIRE_TORCH=1 but there is no trainer venv at ${trainerVenvDir()}: ${SETUP}`);
  return here;
}

/** Runs f with env vars set (undefined: removed), restoring them after. */
async function withEnv<T>(vars: Record<string, string | undefined>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) { if (x === undefined) delete process.env[k]; else process.env[k] = x; }
  };
  apply(vars);
  try {
    return await f();
  } finally {
    apply(saved);
  }
}

function recordingLogger(): Logger & { lines: { level: string; msg: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => { lines.push({ level, msg, fields }); };
  const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log, lines };
  return log;
}

async function rejection(p: Promise<unknown>, code: TribunalErrorCode): Promise<string> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(isTribunalError(e, code), `expected a ${code} TribunalError, got ${String(e)}`).toBe(true);
  const message = (e as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
}

function tribunal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (e, out, err) => {
      res({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, out: String(out), err: String(err) });
    });
  });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tribunal-pyenv-'));
}

describe('torch python env', () => {
  it('python env - a fresh cache dir: doctor says not provisioned; a venv is made, pip failing is one line with the command, no stamp', async () => {
    const cache = tempDir();
    try {
      const before = await tribunal(['doctor'], { TRIBUNAL_CACHE_DIR: cache, TRIBUNAL_TRAINER_PYTHON: '' });
      expect(before.code).toBe(1);
      expect(before.out).toMatch(/^python\s+.*trainer-venv\/bin\/python \(venv, not provisioned\)$/m);
      expect(before.out).toMatch(/^ {2}fix: run `tribunal doctor --setup` to provision the trainer's Python environment/m);

      const log = recordingLogger();
      const notes: string[] = [];
      // No index and no config (this machine's pip config points at local wheels): pip fails at once, offline.
      const message = await withEnv({ TRIBUNAL_CACHE_DIR: cache, TRIBUNAL_TRAINER_PYTHON: undefined, TRIBUNAL_PIP_ARGS: '--no-index', PIP_CONFIG_FILE: '/dev/null', PIP_FIND_LINKS: undefined }, async () => {
        const m = await rejection(ensureTrainerPython({ log, onProgress: (n) => notes.push(n) }), 'BAD_CONFIG');
        const status = await inspectTrainerPython();
        expect(status).toMatchObject({ source: 'venv', venvDir: join(cache, 'trainer-venv'), provisioned: true, current: false });
        return m;
      });
      expect(message).toMatch(/^pip could not install the trainer's requirements \(ERROR: No matching distribution found for torch.*\); run it by hand to see why: .*trainer-venv\/bin\/python -m pip install .*-r .*trainer\/requirements\.txt --no-index$/);
      expect(notes[0]).toMatch(/^creating a venv with python\S* 3\.\d+/);
      expect(log.lines.find((l) => l.level === 'info')?.msg).toBe("provisioning the trainer's Python environment (first use: about 1 min and 1.2 GB)");
      expect(log.lines.find((l) => l.level === 'error')?.fields?.lastLines).toEqual(expect.arrayContaining([expect.stringMatching(/No matching distribution found for torch/)]));
      expect(existsSync(join(cache, 'trainer-venv', 'tribunal-requirements.json'))).toBe(false);
      expect(existsSync(join(cache, 'trainer-venv.lock'))).toBe(false);

      const after = await tribunal(['doctor', '--json'], { TRIBUNAL_CACHE_DIR: cache, TRIBUNAL_TRAINER_PYTHON: '' });
      expect(after.code).toBe(1);
      const report = JSON.parse(after.out);
      expect(report).toMatchObject({ ok: false, python: { provisioned: true, current: false } });
      expect(report.problems.map((p: { problem: string }) => p.problem).join('\n')).toMatch(/is not current/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 180_000);

  it('python env - TRIBUNAL_TRAINER_PYTHON is used as is; one lacking torch or not running is refused naming what', async (ctx) => {
    if (!venvProvisioned()) ctx.skip(`no trainer venv: ${SETUP}`);
    const venvPython = join(trainerVenvDir(), 'bin', 'python');
    await withEnv({ TRIBUNAL_TRAINER_PYTHON: venvPython }, async () => {
      const py = await ensureTrainerPython({ log: NoopLogger });
      expect(py).toMatchObject({ python: venvPython, venvDir: null });
      expect(py.env.PYTHONPATH?.split(':')[0]).toBe(TRAINER_DIR);
    });
    const bare = await rejection(withEnv({ TRIBUNAL_TRAINER_PYTHON: 'python3' }, () => ensureTrainerPython({ log: NoopLogger })), 'BAD_CONFIG');
    expect(bare).toMatch(/^TRIBUNAL_TRAINER_PYTHON=python3 cannot import torch.*: install them \(python3 -m pip install -r trainer\/requirements\.txt\) or unset TRIBUNAL_TRAINER_PYTHON/);
    const gone = await rejection(withEnv({ TRIBUNAL_TRAINER_PYTHON: '/nonexistent/python' }, () => ensureTrainerPython({ log: NoopLogger })), 'BAD_CONFIG');
    expect(gone).toMatch(/^TRIBUNAL_TRAINER_PYTHON=\/nonexistent\/python does not run \(.*ENOENT.*\)/);
  }, 120_000);

  it('python env - the provisioned venv is current and returned at once, with the env the service needs', async (ctx) => {
    if (!venvProvisioned()) ctx.skip(`no trainer venv: ${SETUP}`);
    await withEnv({ TRIBUNAL_TRAINER_PYTHON: undefined }, async () => {
      await ensureTrainerPython({ log: NoopLogger }); // re-runs pip once if the venv is not stamped yet (seconds)
      const start = Date.now();
      const py = await ensureTrainerPython({ log: NoopLogger });
      expect(Date.now() - start).toBeLessThan(1_000);
      expect(py).toEqual({ python: join(trainerVenvDir(), 'bin', 'python'), venvDir: trainerVenvDir(), env: expect.objectContaining({ PYTHONUNBUFFERED: '1' }) });
      expect(py.env.PYTHONPATH?.split(':')[0]).toBe(TRAINER_DIR);
      expect(await inspectTrainerPython()).toMatchObject({ provisioned: true, current: true, pythonVersion: expect.stringMatching(/^3\./) });
    });
  }, 120_000);

  it('model dir - tiny-random:qwen2:3 is made once (also when asked twice at once) and reused; leftovers are cleared', async (ctx) => {
    if (!venvProvisioned()) ctx.skip(`no trainer venv: ${SETUP}`);
    const py = await withEnv({ TRIBUNAL_TRAINER_PYTHON: undefined }, () => ensureTrainerPython({ log: NoopLogger }));
    const cache = tempDir();
    try {
      await withEnv({ TRIBUNAL_CACHE_DIR: cache }, async () => {
        const leftover = join(cache, 'models', 'tiny-random-qwen2-3.tmp-99999999');
        mkdirSync(leftover, { recursive: true });
        const log = recordingLogger();
        const [a, b] = await Promise.all([resolveModelDir('tiny-random:qwen2:3', py, log), resolveModelDir('tiny-random:qwen2:3', py, log)]);
        const dir = join(cache, 'models', 'tiny-random-qwen2-3');
        expect(a).toBe(dir);
        expect(b).toBe(dir);
        expect(log.lines.filter((l) => l.msg === 'made a tiny random model')).toHaveLength(1);
        expect(existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'model.safetensors')) && existsSync(join(dir, 'tokenizer.json'))).toBe(true);
        expect(existsSync(leftover)).toBe(false);
        expect(existsSync(`${dir}.lock`)).toBe(false);
        const mtime = statSync(join(dir, 'config.json')).mtimeMs;
        expect(await resolveModelDir('tiny-random:qwen2:3', py, log)).toBe(dir);
        expect(statSync(join(dir, 'config.json')).mtimeMs).toBe(mtime);
        expect(log.lines.filter((l) => l.msg === 'made a tiny random model')).toHaveLength(1);
        const bad = await rejection(resolveModelDir('tiny-random:gpt2', py, log), 'BAD_CONFIG');
        expect(bad).toMatch(/unknown tiny-random architecture 'gpt2'; choose one of qwen2, llama/);
      });
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 180_000);

  it('model dir - a plain path is resolved to an absolute dir and must exist', async () => {
    const dir = tempDir();
    try {
      const py = { python: 'python3', env: {}, venvDir: null };
      expect(await resolveModelDir(relative(process.cwd(), dir), py, NoopLogger)).toBe(dir);
      const missing = await rejection(resolveModelDir(join(dir, 'nope'), py, NoopLogger), 'BAD_CONFIG');
      expect(missing).toMatch(new RegExp(`^model dir ${join(dir, 'nope')} does not exist`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('doctor - --help exits 0; --json on the provisioned venv reports torch and exits 0', async (ctx) => {
    const help = await tribunal(['doctor', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: tribunal doctor/);
    expect((await tribunal(['doctor', '--frobnicate'])).code).toBe(2);
    if (!venvProvisioned()) ctx.skip(`no trainer venv: ${SETUP}`);
    await withEnv({ TRIBUNAL_TRAINER_PYTHON: undefined }, () => ensureTrainerPython({ log: NoopLogger }));
    const r = await tribunal(['doctor', '--json'], { TRIBUNAL_TRAINER_PYTHON: '' });
    expect(r.code, r.out + r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ ok: true, problems: [], python: { source: 'venv', provisioned: true, current: true }, trainer: { torch: expect.stringMatching(/^2\./) } });
    expect(typeof report.trainer.cuda_available).toBe('boolean');
  }, 120_000);
});
