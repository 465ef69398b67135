// `tribunal dashboard <run-dir>`: the live page of a run directory, running or
// finished: proxy vs gold per eval round with the gold peak and hacking flags,
// reward, staleness and throughput per step, actors (while its scheduler
// answers) and the newest samples. `tribunal run` serves the same page.
import { parseFlags, intFlag } from './args.ts';
import { JsonLogger } from '../core/logger.ts';
import { startDashboard } from '../dashboard/server.ts';

const HELP = `Usage: tribunal dashboard <run-dir> [--port N] [--host H]

Serves the live page of a run directory (running or finished) until Ctrl-C:
proxy vs gold per eval round with the gold peak and hacking flags, reward,
staleness and throughput per step, the run's actors while its scheduler
answers, and the newest eval samples with the ones the judge overrates marked.

  --port <n>   port (default 8787; a port already taken: the next free one)
  --host <h>   interface (default 127.0.0.1: this machine only)

Exit 2 when <run-dir> is not a run directory or the port cannot be had.`;

export async function dashboardCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { port: { type: 'string' }, host: { type: 'string' } });
  if (values.help) { console.log(HELP); return 0; }
  const [runDir] = positionals;
  if (!runDir) { console.error('tribunal dashboard: name a run directory; see tribunal dashboard --help'); return 2; }
  const log = new JsonLogger({ kind: 'dashboard' });
  const dash = await startDashboard({ runDir, host: values.host, port: intFlag(values.port, 'port') ?? 8787, log });
  console.log(`tribunal dashboard: ${dash.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });
  await dash.close();
  return 0;
}
