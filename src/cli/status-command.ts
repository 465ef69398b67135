// `tribunal status`: a running experiment as the scheduler sees it, over its
// gRPC GetState: phase, policy version, prompts by state, admission, and each
// registered actor with its kind and lease age. For a `tribunal run`, name its
// run dir (the port and token are read from there); for a cluster, the
// scheduler's address (and its token in the environment).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags } from './args.ts';
import { isTribunalError, TribunalError } from '../core/errors.ts';
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

A finished run (its final weights written) is said to be finished, with what it left, without asking\nits scheduler (gone with it).\n\nExit 0 when it answered or the run finished, 2 on bad usage or a wrong token, 3 when the scheduler\ncannot be reached.`;

export async function statusCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { scheduler: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) { console.log(HELP); return 0; }
  const [runDir] = positionals;
  if (runDir && !existsSync(join(runDir, 'config.json'))) throw new TribunalError('BAD_CONFIG', `${runDir} is not a run directory (no config.json); pass a tribunal run's directory, or --scheduler host:port`);
  const timeline = runDir ? recentTimeline(runDir) : null;
  const ended = runDir ? finishedRun(runDir) : null;
  if (ended) {
    // A finished run's scheduler is gone with it: say so, with what it left.
    if (values.json) console.log(JSON.stringify({ finished: true, ...ended, ...(timeline ? { timeline } : {}) }, null, 2));
    else console.log([`${runDir}: the run finished: step ${ended.step ?? '?'} of ${ended.steps}, final weights in ${ended.finalWeights}`, ...(timeline ? [formatRecentTimeline(timeline)] : [])].join('\n'));
    return 0;
  }
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

/** What a finished run left (null: it has not finished): its final weights, its last trained step and the steps asked for. */
function finishedRun(runDir: string): { finalWeights: string; step: number | null; steps: number } | null {
  const finalWeights = ['weights-final.json', 'weights-final.bin'].map((f) => join(runDir, f)).find((f) => existsSync(f));
  if (!finalWeights) return null;
  const steps = Number((JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as { run?: { steps?: number } }).run?.steps ?? NaN);
  const metrics = join(runDir, 'metrics.jsonl');
  const last = existsSync(metrics) ? readFileSync(metrics, 'utf8').trimEnd().split('\n').at(-1) : undefined;
  let step: number | null = null;
  try { step = last ? (JSON.parse(last) as { step?: number }).step ?? null : null; } catch { /* a torn last line: the step stays unknown */ }
  return { finalWeights, step, steps };
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
  try {
    const client = await SchedulerClient.connect(address, { giveUpMs: 5_000, env });
    try {
      return { address, reply: await client.getState() };
    } finally {
      client.close();
    }
  } catch (e) {
    // A run dir's scheduler that left its port behind and went away: the run stopped unfinished.
    if (!runDir || isTribunalError(e, 'BAD_CONFIG')) throw e;
    throw new TribunalError('UNAVAILABLE', `${runDir}: its scheduler (${address}) does not answer and the run did not finish: it stopped (tribunal run --resume ${runDir} goes on from its last checkpoint), or it is still starting`);
  }
}
