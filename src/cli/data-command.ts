// `tribunal data <in> <out.jsonl> [--field prompt=question]...`: a Parquet file
// (or a dir of them) or a Hugging Face datasets save_to_disk dir written as the
// JSONL Tribunal reads, for deployments whose actors start on their own
// (tribunal run and tribunal study do this themselves at start).
import { writeFile } from 'node:fs/promises';
import { parseFlags } from './args.ts';
import { TribunalError } from '../core/errors.ts';
import { readTabular, toJsonl } from '../data/tabular.ts';

const HELP = `Usage: tribunal data <in> <out.jsonl> [--field <field>=<column>]...

Reads a Parquet file (or a dir of .parquet shards, as the hub serves a dataset) or a
Hugging Face datasets dir saved with save_to_disk, and writes it as JSONL, one object
a row: what data.path, data.evalPath and study.data.preferences read. --field renames a
column (--field prompt=question); nested columns (a conversation's turns) stay nested.
tribunal run and tribunal study do this themselves for such inputs; this is for a
deployment whose actors start on their own.

Exit 0 written, 2 a bad input or flag.`;

export async function dataCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { field: { type: 'string', multiple: true } });
  if (values.help) { console.log(HELP); return 0; }
  const [input, out] = positionals;
  if (!input || !out || positionals.length > 2) throw new TribunalError('BAD_CONFIG', 'expected <in> <out.jsonl>; see tribunal data --help');
  const fields: Record<string, string> = {};
  for (const f of values.field ?? []) {
    const m = /^([\w.-]+)=([^=]+)$/.exec(f);
    if (!m) throw new TribunalError('BAD_CONFIG', `--field ${f}: expected <field>=<column> (say prompt=question)`);
    fields[m[1]] = m[2];
  }
  const rows = await readTabular(input, fields);
  await writeFile(out, toJsonl(rows));
  console.log(`${out}: ${rows.length} rows`);
  return 0;
}
