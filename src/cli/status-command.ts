// `tribunal status`: a running experiment as the scheduler sees it, over its
// gRPC GetState: phase, policy version, prompts by state, admission, and each
// registered actor with its kind and lease age. For a `tribunal run`, name its
// run dir (the port and token are read from there); for a cluster, the
// scheduler's address (and its token in the environment).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags } from './args.ts';
import { TribunalError } from '../core/errors.ts';
import { SchedulerClient, type GetStateReply } from '../scheduler/client.ts';
import { runPortFile, withRunToken } from '../scheduler/run-access.ts';
import { formatStatus } from './status-format.ts';
import { readPortFile } from '../scheduler/port-file.ts';
import { formatRecentTimeline, recentTimeline } from './status-timeline.ts';

const HELP = `Usage: tribunal status [<run-dir>] [--scheduler host:port] [--json]

Shows a running experiment: phase, policy version, prompts pending / running /
produced / consumed, whether staleness admission is open, and each registered
actor with its kind and lease age (time since it was last heard from). Given a
run dir, also where the time goes over the latest steps: the learner's phases
(wait, commit, train = pi_prox + update, export) and each group's hops
(sampling, judging, the queues, loading weights), from its metrics.jsonl.

  <run-dir>             a tribunal run's directory: its scheduler port and token are read there
  --scheduler <addr>    a scheduler's host:port instead (env TRIBUNAL_SCHEDULER; the token from
                        TRIBUNAL_SCHEDULER_TOKEN or TRIBUNAL_SCHEDULER_TOKEN_FILE, TLS from TRIBUNAL_SCHEDULER_TLS_CA)
  --json                the GetState reply as JSON (and the time summary under "timeline"), for scripts

Exit 0 when it answered, 2 on bad usage or a wrong token, 3 when the scheduler cannot be reached.`;

export async function statusCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { scheduler: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) { console.log(HELP); return 0; }
  const [runDir] = positionals;
  if (runDir && !existsSync(join(runDir, 'config.json'))) throw new TribunalError('BAD_CONFIG', `${runDir} is not a run directory (no config.json); pass a tribunal run's directory, or --scheduler host:port`);
  const timeline = runDir ? recentTimeline(runDir) : null;
  let state;
  try {
    state = await schedulerState(runDir, values.scheduler);
  } catch (e) {
    if (timeline && !values.json) console.log(formatRecentTimeline(timeline)); // what the run left is still worth seeing
    throw e;
  }
  if (values.json) console.log(JSON.stringify(timeline ? { ...state.reply, timeline } : state.reply, null, 2));
  else console.log([formatStatus(state.address, state.reply), ...(timeline ? [formatRecentTimeline(timeline)] : [])].join('\n'));
  return 0;
}

/** The scheduler's GetState, found through a run dir (its port and token) or an address. */
async function schedulerState(runDir: string | undefined, scheduler: string | undefined): Promise<{ address: string; reply: GetStateReply }> {
  let env: NodeJS.ProcessEnv = process.env;
  let address = scheduler ?? process.env.TRIBUNAL_SCHEDULER;
  if (runDir) {
    const port = await readPortFile(runPortFile(runDir), { timeoutMs: 1000 }).catch(() => {
      throw new TribunalError('UNAVAILABLE', `${runDir}: no scheduler is running for it (no scheduler.port); is the run still going?`);
    });
    address = `127.0.0.1:${port}`;
    env = withRunToken(runDir);
  }
  if (!address) throw new TribunalError('BAD_CONFIG', 'name a run directory or --scheduler host:port (or set TRIBUNAL_SCHEDULER); see tribunal status --help');
  const client = await SchedulerClient.connect(address, { giveUpMs: 5_000, env });
  try {
    return { address, reply: await client.getState() };
  } finally {
    client.close();
  }
}
