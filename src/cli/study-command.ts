// `tribunal study <config>` as a command: flags, a progress bar per stage,
// and the results table at the end.
import { asJsonl, withJsonlData } from '../launcher/tabular-inputs.ts';
import { runDir } from '../config/schema.ts';
import { preflightStudy, studyEngines, studyScaleWarnings } from '../study/preflight.ts';
import { probeServers } from '../launcher/preflight.ts';
import { overrides, parseFlags } from './args.ts';
import { loadStudyConfig, type StudyConfig } from '../study/config.ts';
import { runStudy } from '../study/study.ts';
import { summaryTable } from '../report/summary.ts';
import { ProgressBar } from './progress.ts';
import { JsonLogger, parseLevel } from '../core/logger.ts';
import { TribunalError } from '../core/errors.ts';
import { monitorNotice } from './monitor-events.ts';
import type { CliDeps } from './main.ts';

const HELP = `Usage: tribunal study <config> [--set path=value]... [--verbose]

Runs the protocol of arXiv 2603.12246 in one command:
  1. gold labels off-policy data (the synthetic world's, or a Tulu-shaped preference
     file: study.data; labels cached in the run dir, gold's cost in the report);
     judges are trained on it
     (non-reasoning: SFT on the score; reasoning: SFT on gold's trace + score, then GRPO)
  2. static agreement of each judge with gold (Krippendorff's alpha)
  3. one policy GRPO run per judge plus a gold-reward baseline, gold watching each
  4. report: summary.json, report.md, proxy-vs-gold SVG plots, samples.html
Everything lands in the run dir (run.dir, default runs/<run.id>); running the same
command again resumes where it stopped. Study settings live under \`study:\` in the
config (tribunal config reference --study lists them; examples/quick-study.yaml on the
builtin engine, tiny-hf-study.yaml on Hugging Face models through the torch engine,
paper-study.yaml the paper's setting); --set study.runs=... etc. override them.

  --verbose   echo the actors' logs
Exit: 0 done, 1 a stage failed, 2 bad config, 130 interrupted.`;

export async function studyCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values, positionals } = parseFlags(argv, { verbose: { type: 'boolean' }, probe: { type: 'boolean' } });
  if (values.help) { console.log(HELP); return 0; }
  if (!positionals[0]) throw new TribunalError('BAD_CONFIG', 'missing <config>; see tribunal study --help');
  const sc = await studyWithJsonl(loadStudyConfig(positionals[0], { sets: overrides(positionals, values.set) }));
  preflightStudy(sc);
  if (values.probe) await probeServers(studyEngines(sc));
  for (const w of studyScaleWarnings(sc)) process.stderr.write(`warning: ${w}\n`);
  const log = new JsonLogger({ kind: 'study' }, values.verbose ? 'info' : parseLevel(process.env.TRIBUNAL_LOG_LEVEL ?? 'warn'));
  let bar: ProgressBar | null = null;
  let label = '';
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping after the current step (Ctrl-C again to exit at once)\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const result = await runStudy(sc, {
    log, signal: stop.signal, actorLoops: deps.actorLoops,
    stage: (i, n, name) => {
      bar?.done();
      bar = null;
      label = `[${i}/${n}] ${name}`;
      process.stderr.write(`${label}\n`);
    },
    progress: (done, total, note) => {
      bar ??= new ProgressBar(total, `  ${label.split('] ')[1] ?? ''}`);
      bar.update(done, note);
    },
    onRunEvent: (e) => {
      if (e.type !== 'line' || !e.line) return;
      if (values.verbose) return void process.stderr.write(`${e.name} | ${e.line}\n`);
      const notice = e.name === 'learner' ? monitorNotice(e.line) : null;
      if (notice?.startsWith('!!')) process.stderr.write(`\n  ${notice}\n`);
    },
  }).catch((e) => {
    if (!stop.signal.aborted) throw e;
    return null;
  });
  (bar as ProgressBar | null)?.done();
  if (!result) {
    console.error('study interrupted; run the same command again to resume where it stopped');
    return 130;
  }
  console.log(summaryTable(result.summary));
  console.log(`\nreport: ${result.files.join('\n        ')}`);
  return 0;
}

/** Parquet and datasets inputs (the prompts, the preference file) read into JSONL under the study dir first. */
async function studyWithJsonl(sc: StudyConfig): Promise<StudyConfig> {
  const prefs = sc.study.data.preferences;
  const preferences = prefs && await asJsonl(prefs, runDir(sc.base));
  return { base: await withJsonlData(sc.base), study: { ...sc.study, data: { ...sc.study.data, preferences } } };
}
