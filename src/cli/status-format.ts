// What `tribunal status` prints: a scheduler's state as a few lines a person
// reads at a glance. Pure: the reply in, text out.
import type { GetStateReply } from '../scheduler/client.ts';

const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
}

export function formatStatus(where: string, s: GetStateReply): string {
  const c = s.counters ?? { pending: 0, running: 0, produced: 0, consumed: 0, duplicates: 0, reissued: 0, total: 0 };
  const a = s.admission;
  const admission = !a ? 'unknown (an older scheduler)'
    : a.openSlots > 0 ? `open: ${a.openSlots} prompt(s) may be granted (eta ${a.eta}, B ${a.batchSize}, from published version ${a.publishedVersion})`
    : `closed until the learner publishes its next weights (eta ${a.eta}, B ${a.batchSize}, published version ${a.publishedVersion})`;
  const pct = c.total ? ` (${Math.round((100 * c.consumed) / c.total)}%)` : '';
  const lines = [
    `scheduler ${where}: phase ${s.phase}, policy version ${s.version}${s.done ? ', every prompt consumed' : ''}`,
    `prompts    consumed ${c.consumed} of ${c.total}${pct}; pending ${c.pending}, running ${c.running}, produced ${c.produced}; duplicates ${c.duplicates}, re-issued ${c.reissued}`,
    `admission  ${admission}`,
  ];
  const actors = [...s.actors].sort((x, y) => x.kind.localeCompare(y.kind) || x.actorId.localeCompare(y.actorId));
  if (actors.length === 0) return [...lines, 'actors     none registered'].join('\n');
  lines.push(`actors     ${actors.length} registered`);
  const rows = [['KIND', 'ID', 'HOST', 'PID', 'LEASE AGE', 'RUNNING'], ...actors.map((x) => [x.kind, x.actorId, x.host, String(x.pid), seconds(x.silentMs), String(x.running)])];
  return [...lines, ...table(rows).map((l) => `  ${l}`)].join('\n');
}
