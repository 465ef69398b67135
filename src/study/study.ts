// `tribunal study`: the paper's protocol end to end. Gold labels off-policy
// data -> judges trained on it (non-reasoning SFT; reasoning SFT on gold's
// trace, then GRPO) -> static agreement with gold -> one policy RL run per
// judge plus a gold-reward baseline, gold watching each -> report.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TribunalError } from '../core/errors.ts';
import { runDir } from '../config/schema.ts';
import type { StudyConfig } from './config.ts';
import { studyWorld, policyRun, reasoningGrpo, staticEvals, trainJudges, warmupPolicy, type StageContext } from './stages.ts';
import { forecastOptionsFor, scheduleOptionsFor } from '../learner/eval-rounds.ts';
import { collectRun } from './collect.ts';
import { buildSummary, type Summary } from '../report/summary.ts';
import { renderCharts, writeReport } from '../report/write-report.ts';
import { samplesPageHtml } from '../report/samples-page.ts';
import type { Logger } from '../core/logger.ts';
import type { ChildEvent } from '../launcher/supervisor.ts';
import type { ActorLoops } from '../runtime/actor-host.ts';

export interface StudyHooks {
  log: Logger;
  /** A new stage begins: its 1-based index, the count, and its name. */
  stage(index: number, count: number, name: string): void;
  progress(done: number, total: number, note?: string): void;
  onRunEvent?(e: ChildEvent): void;
  /** Abort to stop the study (the RL run in progress stops cleanly; rerun to resume). */
  signal?: AbortSignal;
  /** What each actor kind runs, for in-process RL runs. */
  actorLoops: ActorLoops;
}

export interface StudyResult {
  dir: string;
  summary: Summary;
  files: string[];
}

export async function runStudy(sc: StudyConfig, hooks: StudyHooks): Promise<StudyResult> {
  const t0 = Date.now();
  const dir = resolve(runDir(sc.base));
  claimStudyDir(dir, sc);
  const s: StageContext = { sc, dir, log: hooks.log, onRunEvent: hooks.onRunEvent, signal: hooks.signal, actorLoops: hooks.actorLoops,
    // In-process stages (SFT) report after every step: an abort stops them there.
    progress: (done, total, note) => {
      if (hooks.signal?.aborted) throw new TribunalError('INTERNAL', 'study interrupted');
      hooks.progress(done, total, note);
    },
  };
  const timings: Record<string, number> = {};
  let statics: Awaited<ReturnType<typeof staticEvals>> = {};
  // [timing key, name people read, work]
  const stages: [string, string, () => Promise<unknown>][] = [
    ['judgeSftMs', 'train judges on gold labels', () => trainJudges(s)],
    ['judgeGrpoMs', 'reasoning judge GRPO', () => reasoningGrpo(s)],
    ['staticEvalMs', 'static agreement with gold', async () => { statics = await staticEvals(s); }],
    ['policyWarmupMs', 'policy warm-up', () => warmupPolicy(s)],
    ...sc.study.runs.map((name) => [`rl.${name}Ms`, `RL against the ${name} judge`, () => policyRun(s, name)] as [string, string, () => Promise<unknown>]),
  ];
  const count = stages.length + 1;
  for (const [i, [key, name, run]] of stages.entries()) {
    if (hooks.signal?.aborted) throw new TribunalError('INTERNAL', 'study interrupted');
    hooks.stage(i + 1, count, name);
    const t = Date.now();
    await run();
    timings[key] = Date.now() - t;
  }
  hooks.stage(count, count, 'report');
  timings.totalMs = Date.now() - t0;
  const collected = sc.study.runs.map((name) => collectRun(
    name, name, join(dir, 'runs', name),
    { ...sc.base.monitor, forecast: forecastOptionsFor(sc.base), schedule: scheduleOptionsFor(sc.base) },
    statics[name] && { alpha: statics[name].alpha, mae: statics[name].mae, invalidRate: statics[name].invalidRate, n: statics[name].n },
  ));
  const labelling = (await studyWorld(s)).labelling;
  const goldLabels = labelling && { labelled: labelling.labelled, invalid: labelling.invalid, failed: labelling.failed, usage: labelling.usage };
  const summary = buildSummary({ judges: collected.map((c) => c.run), config: { ...sc.base, study: sc.study } as Record<string, unknown>, timings, goldLabels });
  const files = await writeReport(join(dir, 'report'), {
    summary,
    charts: renderCharts(collected.map((c) => c.run)),
    samplesHtml: samplesPageHtml({ title: `Tribunal study ${sc.base.run.id}: early vs late samples`, judges: collected.map((c) => ({ name: c.run.name, early: c.early, late: c.late })) }),
  });
  return { dir, summary, files };
}

/**
 * A study dir is reused only by the same study: its stages skip work whose
 * output exists, so a changed config must not silently pick up old judges.
 */
export function claimStudyDir(dir: string, sc: StudyConfig): void {
  const path = join(dir, 'study-config.json');
  // Where and how fast things run (run dir, NATS, scheduler, judges trained side by side) may change
  // between invocations; what is trained may not.
  const { dir: _dir, trackers: _trackers, ...run } = sc.base.run;
  const { nats: _nats, scheduler: _scheduler, ...rest } = sc.base;
  const { concurrency: _concurrency, ...judgeSft } = sc.study.judgeSft;
  // An empty field mapping is claimed as no field at all: study dirs from before data.fields still resume.
  const { fields, ...data } = rest.data;
  const mine = JSON.stringify({ ...rest, data: Object.keys(fields).length ? rest.data : data, run, study: { ...sc.study, judgeSft } });
  if (existsSync(path) && readFileSync(path, 'utf8') !== mine) {
    throw new TribunalError('BAD_CONFIG', `${dir} holds a study run with another config; delete it, or set run.id (or run.dir) to start a new one`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, mine);
}
