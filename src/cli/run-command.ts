// `tribunal run <config>`: the local launcher, with a progress bar over the
// learner's steps. Ctrl-C stops everything cleanly (exit 130).
import { join } from 'node:path';
import { overrides, parseFlags } from './args.ts';
import { loadConfig } from '../config/load.ts';
import { launchRun } from '../launcher/launch.ts';
import { preflightRun, probeServers, runEngines } from '../launcher/preflight.ts';
import { scaleWarnings } from '../config/scale-warnings.ts';
import { withJsonlData } from '../launcher/tabular-inputs.ts';
import { JsonLogger } from '../core/logger.ts';
import { ProgressBar } from './progress.ts';
import { TribunalError } from '../core/errors.ts';
import { monitorNotice } from './monitor-events.ts';
import { learnerStep } from '../launcher/learner-step.ts';
import type { CliDeps } from './main.ts';

const HELP = `Usage: tribunal run <config> [path=value]... [--resume <run-dir>] [--set path=value]... [--verbose] [--probe]

Starts a private nats-server (when nats-server is on PATH; else one process on
an in-process bus), the scheduler and every actor as its own process. A child
that dies is restarted and the run goes on. Writes metrics.jsonl, logs/ and
checkpoints/ under the run dir (run.dir, default runs/<run.id>).

  --resume <run-dir>   continue a killed or stopped run from its last checkpoint
                       (its config.json is used when <config> is omitted)
  --verbose            echo the actors' logs (they are always in <run-dir>/logs/<actor>.log)
  --quiet              the default: the progress bar, the monitor's notices, the launcher's lines
  --probe              before starting, ask each OpenAI-compatible server for /models (exit 3 if one does not answer)
Before any process starts, model dirs, data files, templates and named API key variables are
checked (exit 2 in one line naming the field).
Exit: 0 done, 1 a child kept failing, 2 bad config, 130 interrupted.`;

export async function runCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values, positionals } = parseFlags(argv, { resume: { type: 'string' }, quiet: { type: 'boolean' }, verbose: { type: 'boolean' }, probe: { type: 'boolean' } });
  if (values.help) { console.log(HELP); return 0; }
  const file = positionals[0] ?? (values.resume ? join(values.resume, 'config.json') : undefined);
  if (!file) throw new TribunalError('BAD_CONFIG', 'missing <config>; see tribunal run --help');
  const sets = [...overrides(positionals, values.set, positionals[0] ? 1 : 0), ...(values.resume ? [`run.dir=${values.resume}`] : [])];
  // Parquet and datasets inputs become JSONL under the run dir first; every process reads those.
  const cfg = await withJsonlData(loadConfig(file, { sets }));
  // Before any process starts: what a child would find missing a minute later.
  preflightRun(cfg);
  if (values.probe) await probeServers(runEngines(cfg));
  for (const w of scaleWarnings(cfg)) process.stderr.write(`warning: ${w}\n`);
  const log = new JsonLogger({ kind: 'launcher' });
  const bar = new ProgressBar(cfg.run.steps, 'training');
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  const result = await launchRun({
    cfg, actorLoops: deps.actorLoops, resume: Boolean(values.resume), log, signal: stop.signal,
    onEvent: (e) => {
      if (e.type !== 'line' || !e.line) return;
      // As tribunal study does: the actors' logs stay in <run-dir>/logs unless --verbose echoes them.
      const echo = values.verbose && !values.quiet;
      if (echo && !e.line.includes('"level":"debug"')) process.stderr.write(`${e.name} | ${e.line}\n`);
      const notice = e.name === 'learner' ? monitorNotice(e.line) : null;
      if (notice && !echo) process.stderr.write(`${notice}\n`);
      const row = learnerStep(e);
      if (row) bar.update(row.step, `reward ${row.reward.toFixed(3)}`);
    },
  });
  bar.done();
  log.info(result.exitCode === 0 ? 'run finished' : 'run stopped', { runDir: result.runDir, exitCode: result.exitCode, bus: result.bus });
  return result.exitCode;
}
