// The trainer service's own Python suite (trainer/tests), run by `npm test` when the dev
// venv is provisioned (`tribunal doctor --setup --dev`, which CI runs first).
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TRAINER_DIR, trainerEnv, trainerVenvDir } from '../../src/pyenv/python-env.ts';

// 101 tests took 233 s on a loaded 2-core machine: room to spare, never a hang left running.
const TIMEOUT_MS = 8 * 60_000;

function run(python: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(python, args, { cwd: TRAINER_DIR, env: trainerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { output += String(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

/** The interpreter with pytest, or why there is none. */
async function devPython(): Promise<{ python: string } | { missing: string }> {
  const python = process.env.TRIBUNAL_TRAINER_PYTHON || join(trainerVenvDir(), 'bin', 'python');
  if (!process.env.TRIBUNAL_TRAINER_PYTHON && !existsSync(python)) return { missing: `no trainer venv at ${trainerVenvDir()}` };
  const r = await run(python, ['-c', 'import pytest'], 60_000);
  return r.code === 0 ? { python } : { missing: `${python} has no pytest` };
}

describe('trainer python tests', () => {
  it('trainer python tests - pytest -q in trainer/ passes', async (ctx) => {
    const py = await devPython();
    if ('missing' in py) {
      const why = `${py.missing}: run \`tribunal doctor --setup --dev\` to run the trainer's Python tests here`;
      if (process.env.TRIBUNAL_REQUIRE_TORCH === '1') throw new Error(`TRIBUNAL_REQUIRE_TORCH=1 but ${why}`);
      ctx.skip(why);
      return;
    }
    const r = await run(py.python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], TIMEOUT_MS);
    const tail = r.output.trim().split('\n').slice(-30).join('\n');
    expect(r.code, `pytest exited ${r.code}:\n${tail}`).toBe(0);
    expect(tail).toMatch(/\d+ passed/);
  }, TIMEOUT_MS + 30_000);
});
