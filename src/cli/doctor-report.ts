// What `tribunal doctor` found, judged and written: the problems (each with what to
// do), notes, and the human lines. Pure; finding things out is doctor-command.ts's.
import type { TrainerPythonStatus } from '../pyenv/python-env.ts';

/** `python -m tribunal_trainer doctor`'s JSON (trainer/tribunal_trainer/doctor.py); fields read null when absent. */
export interface TrainerReport {
  python?: string;
  torch?: string | null;
  transformers?: string | null;
  peft?: string | null;
  cuda_available?: boolean;
  cuda_version?: string | null;
  gpus?: { index: number; name: string; memory_bytes: number; capability?: string }[];
  [module: string]: unknown;
}

export interface DoctorFindings {
  node: string;
  natsServer: { path: string; version: string | null } | null;
  python: TrainerPythonStatus;
  /** The trainer's own report, or why it could not be had. */
  trainer: TrainerReport | { error: string } | null;
  /** --dev: requirements-dev.txt should be installed too. */
  dev: boolean;
}

export interface Problem { problem: string; fix: string }

export interface DoctorReport extends DoctorFindings {
  ok: boolean;
  problems: Problem[];
  notes: string[];
}

/** Modules the service imports (doctor.py's names); a null version means missing. */
const NEEDED = ['torch', 'transformers', 'peft', 'safetensors', 'tokenizers', 'grpcio', 'protobuf', 'numpy'];
const SETUP = 'run `tribunal doctor --setup` to provision the trainer\'s Python environment (about 1 min and 1.2 GB the first time)';

function setupFix(p: TrainerPythonStatus, dev: boolean): string {
  if (p.source === 'env') return `install the requirements into it (${p.python} -m pip install -r trainer/requirements.txt${dev ? ' -r trainer/requirements-dev.txt' : ''}), or unset TRIBUNAL_TRAINER_PYTHON to let Tribunal provision a venv`;
  return dev ? SETUP.replace('--setup', '--setup --dev') : SETUP;
}

export function judgeFindings(f: DoctorFindings): DoctorReport {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const major = Number(/^v?(\d+)/.exec(f.node)?.[1] ?? 0);
  if (major < 20) problems.push({ problem: `node ${f.node} is older than 20`, fix: 'install Node.js 20 or newer' });
  const p = f.python;
  const where = p.source === 'env' ? `TRIBUNAL_TRAINER_PYTHON=${p.python}` : `the trainer venv ${p.venvDir}`;
  if (!p.provisioned) {
    problems.push({ problem: p.source === 'env' ? `${where} does not run` : `${where} is not provisioned`, fix: p.source === 'env' ? 'point TRIBUNAL_TRAINER_PYTHON at a Python 3.10+ interpreter, or unset it' : setupFix(p, f.dev) });
  } else if (!p.current) {
    problems.push({ problem: `${where} is not current (trainer/requirements.txt changed, or it was never stamped)`, fix: setupFix(p, f.dev) });
  } else if (f.dev && p.dev === false) {
    problems.push({ problem: `${where} lacks trainer/requirements-dev.txt (pytest, grpcio-tools)`, fix: setupFix(p, true) });
  }
  if (f.trainer && 'error' in f.trainer) {
    problems.push({ problem: `\`python -m tribunal_trainer doctor\` failed: ${f.trainer.error}`, fix: setupFix(p, f.dev) });
  } else if (f.trainer) {
    const t = f.trainer;
    const missing = NEEDED.filter((m) => t[m] === null || t[m] === undefined);
    if (missing.length) problems.push({ problem: `the trainer's Python lacks ${missing.join(', ')}`, fix: setupFix(p, f.dev) });
    if (!t.cuda_available) notes.push('CUDA is not available: the torch engine runs on CPU (fine for tiny models, slow for real ones)');
  }
  if (!f.natsServer) notes.push('nats-server is not on PATH: runs fall back to one process on an in-process bus; install nats-server for one process per actor');
  return { ...f, ok: problems.length === 0, problems, notes };
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}

function pythonLine(p: TrainerPythonStatus): string {
  const state = p.source === 'env'
    ? ['TRIBUNAL_TRAINER_PYTHON', p.provisioned ? 'runs' : 'does not run']
    : ['venv', p.provisioned ? 'provisioned' : 'not provisioned', ...(p.provisioned ? [p.current ? 'current' : 'not current'] : []), ...(p.dev ? ['dev'] : []), ...(p.bytes !== null ? [formatBytes(p.bytes)] : [])];
  return `${p.python}${p.pythonVersion ? ` ${p.pythonVersion}` : ''} (${state.join(', ')})`;
}

function trainerLines(t: DoctorFindings['trainer']): [string, string][] {
  if (!t) return [['trainer', 'not checked (no interpreter)']];
  if ('error' in t) return [['trainer', `error: ${t.error}`]];
  const versions = NEEDED.map((m) => `${m} ${t[m] ?? 'MISSING'}`).join(', ');
  const gpus = t.gpus ?? [];
  return [
    ['trainer', versions],
    ['cuda', t.cuda_available ? `available (CUDA ${t.cuda_version ?? '?'})` : 'not available (CPU only)'],
    ['gpus', gpus.length ? gpus.map((g) => `${g.index}: ${g.name} ${formatBytes(g.memory_bytes)}`).join('; ') : 'none'],
  ];
}

/** The human report: one finding per line, then each problem with its fix. */
export function formatDoctorReport(r: DoctorReport): string {
  const rows: [string, string][] = [
    ['node', r.node],
    ['nats-server', r.natsServer ? `${r.natsServer.version ?? 'unknown version'} (${r.natsServer.path})` : 'not on PATH'],
    ['python', pythonLine(r.python)],
    ...trainerLines(r.trainer),
  ];
  const lines = rows.map(([k, v]) => `${k.padEnd(12)} ${v}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  for (const p of r.problems) lines.push(`problem: ${p.problem}`, `  fix: ${p.fix}`);
  lines.push(r.ok ? 'ok: the torch engine has everything it needs' : `not ok: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} above`);
  return lines.join('\n');
}
