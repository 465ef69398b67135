// `tribunal seeds <study-dir>...`: the studies of one config run with several
// seeds, side by side (mean, min and max over seeds, per judge).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags } from './args.ts';
import { Summary } from '../report/summary.ts';
import { seedsRows, seedsTable } from '../report/seeds.ts';
import { TribunalError } from '../core/errors.ts';

const HELP = `Usage: tribunal seeds <study-dir> <study-dir>... [--json]

Reads each study's report/summary.json (one study per seed, e.g.
tribunal study cfg.yaml --set run.seed=2 --set run.id=s2) and prints, per judge,
the mean (min-max) over seeds of the gold peak, its step, the final gold, the drop
from the peak and the flagged step, with how many seeds were flagged and what the
hacking watch saw (forecast alerts and gold-free warnings, and their lead in steps
on the gold flag).

  --json   the rows as JSON

Exit 2 when a dir holds no readable report/summary.json.`;

function readSummary(dir: string): Summary {
  const path = join(dir, 'report', 'summary.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new TribunalError('BAD_CONFIG', `${path}: ${(e as Error).message} (is ${dir} a finished study dir?)`);
  }
  const parsed = Summary.safeParse(raw);
  if (!parsed.success) throw new TribunalError('BAD_CONFIG', `${path} is not a study summary this version reads: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export async function seedsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { json: { type: 'boolean' } });
  if (values.help) { console.log(HELP); return 0; }
  if (positionals.length === 0) { console.error('tribunal seeds: name one or more study dirs; see tribunal seeds --help'); return 2; }
  const rows = seedsRows(positionals.map(readSummary));
  console.log(values.json ? JSON.stringify(rows, null, 2) : seedsTable(rows).trimEnd());
  return 0;
}
