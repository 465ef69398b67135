// The front door's one conversion: a run's or a study's Parquet and datasets
// inputs are read once into JSONL under <run-dir>/data/ and the config then
// names those files, so every process (and config.json) reads JSONL as before.
// A converted file is reused while its source is unchanged (named by a digest
// of the source's path, size, mtime and the field mapping).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ExperimentConfig } from '../config/schema.ts';
import { runDir } from '../config/schema.ts';
import { readTabular, tabularKind, toJsonl } from '../data/tabular.ts';

function sourceStamp(path: string, fields: Record<string, string>): string {
  const files = statSync(path).isDirectory() ? readdirSync(path).sort().map((f) => join(path, f)) : [path];
  const parts = files.map((f) => { const st = statSync(f); return `${f}:${st.size}:${st.mtimeMs}`; });
  return createHash('sha256').update(JSON.stringify([resolve(path), parts, fields])).digest('hex').slice(0, 8);
}

/** `path` as JSONL: itself when it is not Parquet or a datasets dir, else its rows written once into `<dir>/data/`. */
export async function asJsonl(path: string, dir: string, fields: Record<string, string> = {}): Promise<string> {
  if (!tabularKind(path)) return path;
  const out = join(resolve(dir), 'data', `${basename(path).replace(/\.parquet$/, '')}-${sourceStamp(path, fields)}.jsonl`);
  if (existsSync(out)) return out;
  const rows = await readTabular(path, fields);
  await mkdir(join(resolve(dir), 'data'), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  await writeFile(tmp, toJsonl(rows));
  await rename(tmp, out);
  return out;
}

/** The run config with its data files as JSONL (data.path, data.evalPath). */
export async function withJsonlData(cfg: ExperimentConfig): Promise<ExperimentConfig> {
  const d = cfg.data;
  if (d.source !== 'jsonl') return cfg;
  const dir = runDir(cfg);
  const path = d.path && await asJsonl(d.path, dir, d.fields);
  const evalPath = d.evalPath && await asJsonl(d.evalPath, dir, d.fields);
  return path === d.path && evalPath === d.evalPath ? cfg : { ...cfg, data: { ...d, path, evalPath } };
}
