// Per-run token accounting: each actor whose engines call a server appends its
// usage to <run dir>/usage.jsonl when it stops; the launcher sums the rows into
// usage-total.json when the run ends.
import { readFile, writeFile } from 'node:fs/promises';
import { JsonlWriter } from '../core/jsonl-writer.ts';
import { join } from 'node:path';

export function appendUsage(runDir: string, actorId: string, kind: string, usage: Record<string, object>): Promise<void> {
  return new JsonlWriter(join(runDir, 'usage.jsonl')).write({ actorId, kind, usage });
}

/** The run's total: every actor's numeric usage fields summed per engine role. */
export function runUsageTotal(rows: { usage: Record<string, object> }[]): Record<string, Record<string, number>> {
  const total: Record<string, Record<string, number>> = {};
  for (const row of rows) {
    for (const [role, snap] of Object.entries(row.usage)) {
      const t = (total[role] ??= {});
      for (const [k, v] of Object.entries(snap)) if (typeof v === 'number') t[k] = (t[k] ?? 0) + v;
    }
  }
  return total;
}

/** Sums <run dir>/usage.jsonl into <run dir>/usage-total.json; null when no actor reported usage. */
export async function writeRunUsageTotal(runDir: string): Promise<Record<string, Record<string, number>> | null> {
  const path = join(runDir, 'usage.jsonl');
  const text = await readFile(path, 'utf8').catch(() => '');
  if (!text.trim()) return null;
  const total = runUsageTotal(text.trim().split('\n').map((l) => JSON.parse(l)));
  await writeFile(join(runDir, 'usage-total.json'), JSON.stringify(total, null, 2));
  return total;
}
