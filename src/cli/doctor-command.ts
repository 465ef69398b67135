// `tribunal doctor [--setup [--dev]] [--json]`: what this machine has for Tribunal (node,
// nats-server, the trainer's Python and torch, GPUs) and what to do about what it lacks.
// Judging and wording are doctor-report.ts's; provisioning is the torch backend's python-env.ts.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { parseFlags } from './args.ts';
import { JsonLogger } from '../core/logger.ts';
import { oneLine } from '../core/errors.ts';
import { ensureTrainerPython, inspectTrainerPython, trainerEnv, type TrainerPythonStatus } from '../pyenv/python-env.ts';
import { formatDoctorReport, judgeFindings, type DoctorFindings, type TrainerReport } from './doctor-report.ts';
import type { CliDeps } from './main.ts';

const HELP = `Usage: tribunal doctor [--setup] [--dev] [--json]

Reports what this machine has for Tribunal, one finding per line: node, nats-server,
the Python of the torch engine's trainer service (TRIBUNAL_TRAINER_PYTHON, else the
venv in TRIBUNAL_CACHE_DIR or .cache/trainer-venv), torch and its libraries, CUDA
and GPUs; then each problem with what to do.

  --setup    provision the trainer's venv first (python3 -m venv, pip install -r
             trainer/requirements.txt; about 1 min and 1.2 GB the first time;
             extra pip flags from TRIBUNAL_PIP_ARGS)
  --dev      with --setup also install trainer/requirements-dev.txt (pytest,
             grpcio-tools: the Python tests); without it, report whether it is there
  --json     print one JSON object instead of lines
Exit: 0 the torch engine has everything it needs, 1 something is missing, 2 bad usage.`;

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<{ ok: boolean; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (e, out, err) => resolve({ ok: !e, out: String(out), err: String(err || (e?.message ?? '')) }));
  });
}

async function onPath(bin: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const p = join(dir, bin);
    if (await access(p, constants.X_OK).then(() => true, () => false)) return p;
  }
  return null;
}

async function natsServer(): Promise<DoctorFindings['natsServer']> {
  const path = await onPath('nats-server');
  if (!path) return null;
  const r = await run(path, ['--version'], undefined, 10_000);
  return { path, version: /v\d+\S*/.exec(r.out)?.[0] ?? null };
}

async function trainerReport(p: TrainerPythonStatus): Promise<DoctorFindings['trainer']> {
  if (!p.provisioned) return null;
  const r = await run(p.python, ['-m', 'tribunal_trainer', 'doctor'], trainerEnv());
  if (!r.ok) return { error: r.err.trim().split('\n').at(-1) || 'no output' };
  try {
    return JSON.parse(r.out) as TrainerReport;
  } catch {
    return { error: `not JSON: ${r.out.trim().split('\n')[0]}` };
  }
}

export async function doctorCommand(argv: string[], _deps?: CliDeps): Promise<number> {
  const { values } = parseFlags(argv, { setup: { type: 'boolean' }, dev: { type: 'boolean' }, json: { type: 'boolean' } }, false);
  if (values.help) { console.log(HELP); return 0; }
  const dev = Boolean(values.dev);
  let setupError: string | null = null;
  if (values.setup) {
    const started = Date.now();
    try {
      await ensureTrainerPython({ log: new JsonLogger({ kind: 'doctor' }), dev, onProgress: (note) => process.stderr.write(`setup: ${note}\n`) });
      process.stderr.write(`setup: the trainer's Python environment is ready (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    } catch (e) {
      setupError = oneLine(e);
      process.stderr.write(`setup failed: ${setupError}\n`);
    }
  }
  const python = await inspectTrainerPython();
  const [nats, trainer] = await Promise.all([natsServer(), trainerReport(python)]);
  const report = judgeFindings({ node: process.version, natsServer: nats, python, trainer, dev });
  if (setupError) report.problems.unshift({ problem: `setup failed: ${setupError}`, fix: 'fix what it names and run `tribunal doctor --setup` again' });
  const ok = report.ok && !setupError;
  console.log(values.json ? JSON.stringify({ ...report, ok }, null, 2) : formatDoctorReport({ ...report, ok }));
  return ok ? 0 : 1;
}
