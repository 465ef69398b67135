// The `tribunal` command: one binary for every role, chosen by its first
// argument. Exit codes: 0 done, 1 failed, 2 bad usage or config, 3 a server
// unreachable, 130 interrupted.
import { isTribunalError, oneLine } from '../core/errors.ts';
import type { ActorLoops } from '../runtime/actor-host.ts';

const USAGE = `tribunal: async RL post-training with LLM judges and a live gold oracle

Usage:
  tribunal run <config> [--resume <run-dir>] [--set path=value]...   run an experiment locally
  tribunal study <config> [--set path=value]...                      the paper's protocol end to end
  tribunal scheduler [--config <file>] [--port N] [--health-port N]   the control plane (gRPC)
  tribunal status [<run-dir>] [--scheduler host:port] [--json]       a running experiment as the scheduler sees it
  tribunal dashboard <run-dir> [--port N]                            the live page of a run (proxy vs gold, steps, actors, samples)
  tribunal seeds <study-dir>...                                      one study's seeds side by side (mean, min-max)
  tribunal diagnose <study-config> [--judge reasoning]               why a reasoning judge overrates its policy (trace checks vs gold's)
  tribunal actor <rollout|judge|gold|learner> [--config <file>]       one actor process
  tribunal judge --base-url URL --model M --prompt T --response R    score one item with an LLM judge
  tribunal config schema | check <config>                            JSON Schema / validate a config
  tribunal doctor [--setup [--dev]] [--json]                         check (or provision) what the torch engine needs
  tribunal data <in> <out.jsonl> [--field prompt=question]           a Parquet file or a datasets dir as JSONL
  tribunal dev-server --model <dir|tiny-random:qwen2> [--port N]         a vLLM-shaped server on the torch engine (development, tests)

Every command takes --help; tribunal --version prints the version. After a
<config>, path=value arguments override it as --set does (rl.lr=1e-6). Settings come from the config file, then env
(TRIBUNAL_NATS_URL, TRIBUNAL_SCHEDULER, TRIBUNAL_RUN_DIR, TRIBUNAL_RUN_ID),
then --set flags.`;

/** What the entry point provides: the actor loops (src/ never imports actors/). */
export interface CliDeps {
  actorLoops: ActorLoops;
}

type Command = (argv: string[], deps: CliDeps) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run-command.ts')).runCommand,
  study: async () => (await import('./study-command.ts')).studyCommand,
  scheduler: async () => (await import('./scheduler-command.ts')).schedulerCommand,
  actor: async () => (await import('./actor-command.ts')).actorCommand,
  judge: async () => { const { judgeCommand } = await import('./judge-command.ts'); return (argv) => judgeCommand(argv); },
  config: async () => (await import('./config-command.ts')).configCommand,
  status: async () => (await import('./status-command.ts')).statusCommand,
  dashboard: async () => (await import('./dashboard-command.ts')).dashboardCommand,
  seeds: async () => (await import('./seeds-command.ts')).seedsCommand,
  diagnose: async () => (await import('./diagnose-command.ts')).diagnoseCommand,
  doctor: async () => (await import('./doctor-command.ts')).doctorCommand,
  data: async () => { const { dataCommand } = await import('./data-command.ts'); return (argv) => dataCommand(argv); },
  'dev-server': async () => { const { devServerCommand } = await import('./dev-server-command.ts'); return (argv) => devServerCommand(argv); },
};

/** The package's version, from package.json at the repository root. */
async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { REPO_ROOT } = await import('../core/repo-root.ts');
  return (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[], deps: CliDeps): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(`tribunal ${await version()}`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`tribunal: unknown command '${name}'; try tribunal --help`);
    return 2;
  }
  try {
    return await (await load())(rest, deps);
  } catch (e) {
    console.error(`tribunal ${name}: ${oneLine(e)}`);
    if (process.env.TRIBUNAL_DEBUG) console.error(e);
    return isTribunalError(e) ? e.exitCode : 1;
  }
}
