// Per-run token accounting: each actor whose engines call a server appends its
// usage to <run dir>/usage.jsonl when it stops; the rows of a run sum to its total.
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function appendUsage(runDir: string, actorId: string, kind: string, usage: Record<string, object>): Promise<void> {
  await mkdir(runDir, { recursive: true });
  await appendFile(join(runDir, 'usage.jsonl'), JSON.stringify({ t: Date.now(), actorId, kind, usage }) + '\n');
}
