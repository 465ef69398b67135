// Datasets as the field keeps them: a Parquet file (or a dir of them, as the
// hub serves a dataset's shards) and a Hugging Face `datasets` dataset saved
// with save_to_disk (Arrow IPC stream files named in its state.json). Each is
// read once into the JSONL the rest of Tribunal reads, one object a row, a
// column renamed by a field mapping (prompt: question); nested columns (a
// conversation's turns) stay nested. Reading: hyparquet and apache-arrow, both
// pure JavaScript.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TribunalError, oneLine } from '../core/errors.ts';

export type TabularKind = 'parquet' | 'datasets';

/** What `path` is: a Parquet file or dir of them, a save_to_disk dir, or neither (null: read it as JSONL). */
export function tabularKind(path: string): TabularKind | null {
  if (!existsSync(path)) return null;
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, 'state.json')) && existsSync(join(path, 'dataset_info.json'))) return 'datasets';
    return readdirSync(path).some((f) => f.endsWith('.parquet')) ? 'parquet' : null;
  }
  return path.endsWith('.parquet') ? 'parquet' : null;
}

/** JSON-safe values: 64-bit integers as numbers, typed arrays as arrays, Arrow rows and vectors (their toJSON) as objects and arrays. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plain);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, plain);
  const j = v as { toJSON?: () => unknown };
  if (typeof j.toJSON === 'function') return plain(j.toJSON());
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plain(x)]));
}

async function parquetRows(path: string): Promise<Record<string, unknown>[]> {
  const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
  const files = statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith('.parquet')).sort().map((f) => join(path, f)) : [path];
  const rows: Record<string, unknown>[] = [];
  for (const f of files) {
    try {
      rows.push(...(await parquetReadObjects({ file: await asyncBufferFromFile(f) })) as Record<string, unknown>[]);
    } catch (e) {
      throw new TribunalError('BAD_CONFIG', `${f}: not a Parquet file this reader understands (${oneLine(e)})`, { cause: e });
    }
  }
  return rows;
}

async function datasetsRows(dir: string): Promise<Record<string, unknown>[]> {
  const { tableFromIPC } = await import('apache-arrow');
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { _data_files?: { filename: string }[] };
  const files = state._data_files?.map((f) => f.filename) ?? [];
  if (files.length === 0) throw new TribunalError('BAD_CONFIG', `${dir}/state.json names no _data_files: not a dataset saved with datasets' save_to_disk`);
  const rows: Record<string, unknown>[] = [];
  for (const f of files) {
    let table;
    try {
      table = tableFromIPC(readFileSync(join(dir, f)));
    } catch (e) {
      throw new TribunalError('BAD_CONFIG', `${join(dir, f)}: not an Arrow IPC file (${oneLine(e)})`, { cause: e });
    }
    for (const row of table.toArray()) rows.push((row as { toJSON(): Record<string, unknown> }).toJSON());
  }
  return rows;
}

/** Every row of a tabular dataset, its values JSON-safe, a column renamed where `fields` maps a field to it ({prompt: 'question'}). */
export async function readTabular(path: string, fields: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
  const kind = tabularKind(path);
  if (!kind) throw new TribunalError('BAD_CONFIG', `${path}: neither a Parquet file (or a dir of them) nor a datasets save_to_disk dir`);
  const rows = kind === 'parquet' ? await parquetRows(path) : await datasetsRows(path);
  const columns = new Set(rows.flatMap((r) => Object.keys(r)));
  for (const [field, column] of Object.entries(fields)) {
    if (rows.length > 0 && !columns.has(column)) throw new TribunalError('BAD_CONFIG', `${path}: no column '${column}' for field '${field}' (its columns: ${[...columns].join(', ')})`);
  }
  const renamed = Object.entries(fields);
  return rows.map((r) => {
    const out = plain(r) as Record<string, unknown>;
    for (const [field, column] of renamed) {
      const v = out[column];
      delete out[column];
      out[field] = v;
    }
    return out;
  });
}

/** The rows as JSONL text, one object a line. */
export function toJsonl(rows: readonly Record<string, unknown>[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}
