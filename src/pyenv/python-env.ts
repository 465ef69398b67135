// Provisions and finds the Python environment of the trainer service (a venv in the
// cache dir, or TRIBUNAL_TRAINER_PYTHON), and the model dirs it loads: shared by the torch backend and
// `tribunal doctor`. Starting the service is src/backends/torch/service.ts's.
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { REPO_ROOT } from '../core/repo-root.ts';
import { TribunalError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { withDirLock } from '../core/dir-lock.ts';
import { dirBytes } from '../core/dir-digest.ts';
import { runChild } from './run-child.ts';
import { parseModelSpec, tinyModelArgs, tinyModelDirName, tinyVocabularyWords } from './model-spec.ts';
import { cachedSnapshot, hubCacheDir, hubOffline, isHubId } from './hf-cache.ts';
import { existsSync } from 'node:fs';
import {
  MIN_PYTHON, formatBytes, formatVersion, parsePythonVersion, pipFailureLine, pipProgressNote, splitPipArgs, stampContent, stampSatisfies, versionAtLeast,
} from './python-env-rules.ts';

export interface TrainerPython {
  python: string;
  /** env for child processes: PYTHONPATH=<repo>/trainer (prepended), PYTHONUNBUFFERED=1 */
  env: NodeJS.ProcessEnv;
  venvDir: string | null;
}

export interface EnsureTrainerPythonOptions {
  log: Logger;
  onProgress?: (note: string) => void;
  signal?: AbortSignal;
  /** Also install trainer/requirements-dev.txt (pytest, grpcio-tools): CI and the Python tests. */
  dev?: boolean;
}

export const TRAINER_DIR = join(REPO_ROOT, 'trainer');
const STAMP = 'tribunal-requirements.json';
const RUNTIME_MODULES = ['transformers', 'peft', 'safetensors', 'tokenizers', 'grpc', 'google.protobuf', 'numpy'];
const DEV_MODULES = ['pytest', 'grpc_tools', 'tensorboard'];
const SETUP_HINT = 'install python3 and python3-venv, or set TRIBUNAL_TRAINER_PYTHON to an interpreter that has trainer/requirements.txt installed';

/** Where venvs and made models live: TRIBUNAL_CACHE_DIR, else <repo>/.cache. */
export function trainerCacheDir(): string {
  return resolve(process.env.TRIBUNAL_CACHE_DIR || join(REPO_ROOT, '.cache'));
}

export function trainerVenvDir(): string {
  return join(trainerCacheDir(), 'trainer-venv');
}

function venvPython(venvDir: string): string {
  return process.platform === 'win32' ? join(venvDir, 'Scripts', 'python.exe') : join(venvDir, 'bin', 'python');
}

/** The env a trainer child runs with: tribunal_trainer importable from the repo, unbuffered output. */
export function trainerEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, PYTHONPATH: [TRAINER_DIR, base.PYTHONPATH].filter(Boolean).join(delimiter), PYTHONUNBUFFERED: '1' };
}

/** requirements file name -> sha256 of its bytes, for the files a venv needs. */
async function neededRequirements(dev: boolean): Promise<Record<string, string>> {
  const files = dev ? ['requirements.txt', 'requirements-dev.txt'] : ['requirements.txt'];
  const out: Record<string, string> = {};
  for (const f of files) out[f] = createHash('sha256').update(await readFile(join(TRAINER_DIR, f))).digest('hex');
  return out;
}

async function readStamp(venvDir: string): Promise<string | null> {
  return readFile(join(venvDir, STAMP), 'utf8').catch(() => null);
}

async function venvCurrent(venvDir: string, needed: Record<string, string>): Promise<boolean> {
  const exists = await access(venvPython(venvDir)).then(() => true, () => false);
  return exists && stampSatisfies(await readStamp(venvDir), needed);
}

async function pythonVersion(python: string, signal?: AbortSignal): Promise<number[] | null> {
  const r = await runChild(python, ['--version'], { signal, timeoutMs: 30_000 });
  return r.code === 0 ? parsePythonVersion(r.tail.join('\n')) : null;
}

/** The first python3 / python on PATH of version >= 3.10 to make a venv with. */
async function findBasePython(signal?: AbortSignal): Promise<{ cmd: string; version: number[] }> {
  const found: string[] = [];
  for (const cmd of ['python3', 'python', 'python3.13', 'python3.12', 'python3.11', 'python3.10']) {
    const version = await pythonVersion(cmd, signal);
    if (!version) continue;
    if (versionAtLeast(version, MIN_PYTHON)) return { cmd, version };
    found.push(`${cmd} ${formatVersion(version)}`);
  }
  throw new TribunalError('BAD_CONFIG', `the torch engine needs Python ${formatVersion(MIN_PYTHON)}+ (found ${found.length ? found.join(', ') : 'no python3 on PATH'}): ${SETUP_HINT}`);
}

/**
 * Modules of `modules` the interpreter cannot import (tribunal_trainer and torch are imported,
 * the rest only looked up: cheap), or why it did not run at all.
 */
async function missingModules(python: string, modules: string[], signal?: AbortSignal): Promise<{ missing: string[] } | { failed: string }> {
  const script = [
    'import importlib, importlib.util, json, sys',
    'missing = []',
    'for name in sys.argv[1:]:',
    '    try:',
    '        ok = importlib.import_module(name) if name in ("tribunal_trainer", "torch") else importlib.util.find_spec(name)',
    '    except Exception:',
    '        ok = None',
    '    if not ok: missing.append(name)',
    'print(json.dumps(missing))',
  ].join('\n');
  const r = await runChild(python, ['-c', script, ...modules], { env: trainerEnv(), signal, timeoutMs: 5 * 60_000 });
  if (r.code !== 0) return { failed: r.error?.message ?? r.tail.at(-1) ?? `exit ${r.code}` };
  return { missing: JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '[]') as string[] };
}

function requiredModules(dev: boolean): string[] {
  return ['tribunal_trainer', 'torch', ...RUNTIME_MODULES, ...(dev ? DEV_MODULES : [])];
}

/** A user-managed interpreter (TRIBUNAL_TRAINER_PYTHON) is used as is, once it imports what the service needs. */
async function checkUserPython(python: string, opts: EnsureTrainerPythonOptions): Promise<TrainerPython> {
  const r = await missingModules(python, requiredModules(Boolean(opts.dev)), opts.signal);
  if ('failed' in r) throw new TribunalError('BAD_CONFIG', `TRIBUNAL_TRAINER_PYTHON=${python} does not run (${r.failed}): point it at a Python 3.10+ interpreter that has trainer/requirements.txt installed, or unset it to let Tribunal provision a venv`);
  const { missing } = r;
  if (missing.length) {
    const files = opts.dev ? 'trainer/requirements.txt -r trainer/requirements-dev.txt' : 'trainer/requirements.txt';
    throw new TribunalError('BAD_CONFIG', `TRIBUNAL_TRAINER_PYTHON=${python} cannot import ${missing.join(', ')}: install them (${python} -m pip install -r ${files}) or unset TRIBUNAL_TRAINER_PYTHON to let Tribunal provision a venv`);
  }
  return { python, env: trainerEnv(), venvDir: null };
}

function throwIfAborted(venvDir: string, signal?: AbortSignal): void {
  if (signal?.aborted) throw new TribunalError('INTERNAL', `interrupted while provisioning the trainer's Python environment (${venvDir} is left unstamped: the next use finishes it)`);
}

async function pipInstall(python: string, venvDir: string, files: string[], opts: EnsureTrainerPythonOptions): Promise<void> {
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off',
    ...files.flatMap((f) => ['-r', join(TRAINER_DIR, f)]), ...splitPipArgs(process.env.TRIBUNAL_PIP_ARGS)];
  const r = await runChild(python, args, {
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    signal: opts.signal,
    onLine: (line) => { const note = pipProgressNote(line); if (note) opts.onProgress?.(note); },
  });
  if (r.code === 0) return;
  throwIfAborted(venvDir, opts.signal);
  opts.log.error('pip install failed', { venvDir, exitCode: r.code, lastLines: r.tail.slice(-20) });
  throw new TribunalError('BAD_CONFIG', `pip could not install the trainer's requirements (${pipFailureLine(r.tail)}); run it by hand to see why: ${python} ${args.join(' ')}`);
}

/** Creates (or repairs) the venv, installs the requirements, checks imports, and writes the stamp last. */
async function provision(venvDir: string, needed: Record<string, string>, opts: EnsureTrainerPythonOptions): Promise<void> {
  const start = Date.now();
  const python = venvPython(venvDir);
  await rm(join(venvDir, STAMP), { force: true });
  const existing = await pythonVersion(python, opts.signal);
  if (existing && versionAtLeast(existing, MIN_PYTHON)) {
    opts.log.info("updating the trainer's Python environment (its requirements changed or it was never stamped)", { venvDir });
  } else {
    const base = await findBasePython(opts.signal);
    opts.log.info("provisioning the trainer's Python environment (first use: about 1 min and 1.2 GB)", { venvDir, python: base.cmd, version: formatVersion(base.version) });
    // A venv embeds its own path, so it is made in place; a dir without a stamp is never trusted.
    await rm(venvDir, { recursive: true, force: true });
    opts.onProgress?.(`creating a venv with ${base.cmd} ${formatVersion(base.version)}`);
    const r = await runChild(base.cmd, ['-m', 'venv', venvDir], { signal: opts.signal, timeoutMs: 5 * 60_000 });
    throwIfAborted(venvDir, opts.signal);
    if (r.code !== 0) {
      throw new TribunalError('BAD_CONFIG', `${base.cmd} -m venv ${venvDir} failed (${r.error?.message ?? r.tail.at(-1) ?? `exit ${r.code}`}): install python3-venv (Debian/Ubuntu: apt-get install python3-venv), or set TRIBUNAL_TRAINER_PYTHON to an interpreter that has trainer/requirements.txt installed`);
    }
  }
  await pipInstall(python, venvDir, Object.keys(needed), opts);
  opts.onProgress?.('checking that the service imports');
  const r = await missingModules(python, requiredModules('requirements-dev.txt' in needed), opts.signal);
  const what = 'failed' in r ? `does not run (${r.failed})` : r.missing.length ? `cannot import ${r.missing.join(', ')}` : null;
  if (what) throw new TribunalError('BAD_CONFIG', `the trainer venv ${venvDir} ${what} after pip install: delete ${venvDir} and retry`);
  const version = await pythonVersion(python, opts.signal);
  await writeFile(join(venvDir, STAMP), stampContent(formatVersion(version ?? []), needed));
  const bytes = await dirBytes(venvDir);
  opts.log.info("the trainer's Python environment is ready", { venvDir, seconds: Math.round((Date.now() - start) / 100) / 10, bytes, size: formatBytes(bytes) });
}

const ready = new Map<string, TrainerPython>();

/**
 * The interpreter the trainer service runs on: TRIBUNAL_TRAINER_PYTHON as is (checked), else
 * the cache dir's venv, provisioned on first use (or when trainer/requirements*.txt change)
 * under a lock, so actors starting together install once.
 */
export async function ensureTrainerPython(opts: EnsureTrainerPythonOptions): Promise<TrainerPython> {
  const user = process.env.TRIBUNAL_TRAINER_PYTHON;
  const venvDir = trainerVenvDir();
  const key = `${user ?? venvDir}|${opts.dev ? 'dev' : ''}`;
  const known = ready.get(key);
  if (known) return known;
  let result: TrainerPython;
  if (user) {
    result = await checkUserPython(user, opts);
  } else {
    const needed = await neededRequirements(Boolean(opts.dev));
    if (!(await venvCurrent(venvDir, needed))) {
      await mkdir(trainerCacheDir(), { recursive: true });
      await withDirLock(`${venvDir}.lock`, { log: opts.log, what: "provisioning the trainer's Python environment", signal: opts.signal }, async () => {
        if (!(await venvCurrent(venvDir, needed))) await provision(venvDir, needed, opts);
      });
    }
    result = { python: venvPython(venvDir), env: trainerEnv(), venvDir };
  }
  ready.set(key, result);
  return result;
}

/** What `tribunal doctor` reports about the trainer's interpreter, without changing anything. */
export interface TrainerPythonStatus {
  source: 'env' | 'venv';
  /** The interpreter that would run the service. */
  python: string;
  venvDir: string | null;
  /** The interpreter exists and runs. */
  provisioned: boolean;
  /** venv: its stamp matches trainer/requirements.txt; env: true (user-managed, not stamped). */
  current: boolean;
  /** venv: requirements-dev.txt is installed too (by its stamp); env: null (not known without importing). */
  dev: boolean | null;
  pythonVersion: string | null;
  /** Size of the venv's files; null for a user-managed interpreter. */
  bytes: number | null;
}

export async function inspectTrainerPython(): Promise<TrainerPythonStatus> {
  const user = process.env.TRIBUNAL_TRAINER_PYTHON;
  if (user) {
    const version = await pythonVersion(user);
    return { source: 'env', python: user, venvDir: null, provisioned: version !== null, current: true, dev: null, pythonVersion: version && formatVersion(version), bytes: null };
  }
  const venvDir = trainerVenvDir();
  const python = venvPython(venvDir);
  const version = await access(python).then(() => pythonVersion(python), () => null);
  const stamp = await readStamp(venvDir);
  return {
    source: 'venv', python, venvDir, provisioned: version !== null,
    current: version !== null && stampSatisfies(stamp, await neededRequirements(false)),
    dev: version !== null && stampSatisfies(stamp, await neededRequirements(true)),
    pythonVersion: version && formatVersion(version),
    bytes: version !== null ? await dirBytes(venvDir) : null,
  };
}

async function isModelDir(dir: string): Promise<boolean> {
  return access(join(dir, 'config.json')).then(() => true, () => false);
}

/**
 * A model dir for the service: a plain path (resolved; it must exist), or a `tiny-random:` spec (model-spec.ts),
 * written once into <cache>/models by `python -m tribunal_trainer.tiny_model` and reused; a named
 * vocabulary's words go to the maker in a file beside the dir.
 */
/** A hub id's snapshot dir: from the Hugging Face cache, else downloaded into it (unless offline). */
async function hubModelDir(id: string, py: TrainerPython | (() => Promise<TrainerPython>), log: Logger): Promise<string> {
  const cached = cachedSnapshot(id);
  if (cached) return cached;
  const where = hubCacheDir();
  if (hubOffline()) throw new TribunalError('BAD_CONFIG', `model ${id}: not in the Hugging Face cache (${where}) and HF_HUB_OFFLINE is set: download it where the network allows (huggingface-cli download ${id}) with the same HF_HOME, or give a local model dir`);
  const python = typeof py === 'function' ? await py() : py;
  log.info('downloading a model from the Hugging Face hub', { model: id, cache: where });
  const code = ['import sys', 'from huggingface_hub import snapshot_download', 'print(snapshot_download(sys.argv[1], allow_patterns=["*.json", "*.safetensors", "*.txt", "*.model", "*.jinja"]))'].join('\n');
  const r = await runChild(python.python, ['-c', code, id], { env: python.env, timeoutMs: 6 * 60 * 60_000 });
  const dir = r.tail.at(-1)?.trim();
  if (r.code !== 0 || !dir || !existsSync(join(dir, 'config.json'))) {
    throw new TribunalError('ENGINE', `model ${id}: could not download it from the Hugging Face hub into ${where} (${r.tail.at(-1) ?? `exit ${r.code}`}); check the id and the network (a gated model needs HF_TOKEN), or download it by hand: huggingface-cli download ${id}`);
  }
  return dir;
}

export async function resolveModelDir(model: string, py: TrainerPython | (() => Promise<TrainerPython>), log: Logger): Promise<string> {
  const spec = parseModelSpec(model);
  if (spec.kind === 'path' && isHubId(spec.path)) return hubModelDir(spec.path, py, log);
  if (spec.kind === 'path') {
    const dir = resolve(spec.path);
    const st = await stat(dir).catch(() => null);
    if (!st) throw new TribunalError('BAD_CONFIG', `model dir ${dir} does not exist: give a local model directory (downloaded beforehand), or tiny-random:qwen2 for a tiny offline test model`);
    if (!st.isDirectory()) throw new TribunalError('BAD_CONFIG', `model dir ${dir} is not a directory: give the directory holding config.json and the safetensors`);
    return dir;
  }
  const parent = join(trainerCacheDir(), 'models');
  const words = spec.vocabulary ? tinyVocabularyWords(spec.vocabulary) : undefined;
  const name = tinyModelDirName(spec, words);
  const dir = join(parent, name);
  if (await isModelDir(dir)) return dir;
  await mkdir(parent, { recursive: true });
  return withDirLock(`${dir}.lock`, { log, what: `making the model ${model}` }, async () => {
    if (await isModelDir(dir)) return dir;
    // Holding the lock, any temp dir of this model is a killed maker's.
    for (const e of await readdir(parent)) if (e.startsWith(`${name}.tmp-`)) await rm(join(parent, e), { recursive: true, force: true });
    const tmp = `${dir}.tmp-${process.pid}`;
    const start = Date.now();
    const python = typeof py === 'function' ? await py() : py;
    const wordsFile = words && `${tmp}.words`;
    if (wordsFile) await writeFile(wordsFile, words!.join('\n') + '\n');
    const args = tinyModelArgs(spec, wordsFile);
    const r = await runChild(python.python, ['-m', 'tribunal_trainer.tiny_model', '--out', tmp, ...args], { env: python.env, timeoutMs: 10 * 60_000 });
    if (wordsFile) await rm(wordsFile, { force: true });
    if (r.code !== 0) {
      await rm(tmp, { recursive: true, force: true });
      throw new TribunalError('ENGINE', `could not make the model ${model} (${r.error?.message ?? r.tail.at(-1) ?? `exit ${r.code}`}); try by hand: ${python.python} -m tribunal_trainer.tiny_model --out DIR ${args.join(' ')}`);
    }
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    log.info('made a tiny random model', { model, dir, seconds: Math.round((Date.now() - start) / 100) / 10 });
    return dir;
  });
}
