// A study's preflight: the run config's own checks (its data files), then the
// study's inputs: the torch base models, the judge template and the
// preference file of preference data, gold's engine and the served ones.
import type { StudyConfig } from './config.ts';
import { checkEngine, checkModelDir, checkRunData, named, PREFLIGHT_HEAD_BYTES, type PlacedEngine } from '../launcher/preflight.ts';
import { readPreferencePairs } from '../data/preference-pairs.ts';
import { loadTemplate } from '../judging/prompt-template.ts';
import { TribunalError } from '../core/errors.ts';
import { existsSync } from 'node:fs';
import { scaleWarnings } from '../config/scale-warnings.ts';
import { TorchEngineConfig } from '../config/engines/torch.ts';
import { resolve } from 'node:path';

/** The engines a study talks to that its config names outright (the trained ones are built by its stages). */
export function studyEngines(sc: StudyConfig): PlacedEngine[] {
  const { gold, serve } = sc.study;
  return [
    { at: 'study.gold', engine: gold, judge: true },
    ...(serve.policy ? [{ at: 'study.serve.policy', engine: serve.policy, judge: false }] : []),
    ...(serve.judge ? [{ at: 'study.serve.judge', engine: { ...serve.judge, promptTemplate: sc.study.judgeTemplate }, judge: true }] : []),
  ];
}

/** Every local check of a study config; throws the first problem as one BAD_CONFIG line. */
export function preflightStudy(sc: StudyConfig, env: NodeJS.ProcessEnv = process.env): void {
  const s = sc.study;
  checkRunData(sc.base);
  if (s.backend === 'torch') {
    checkModelDir('study.torch.judgeModel', s.torch.judgeModel, env);
    checkModelDir('study.torch.policyModel', s.torch.policyModel, env);
  }
  if (s.data.source === 'preferences') {
    const file = s.data.preferences!;
    if (!existsSync(file)) throw new TribunalError('BAD_CONFIG', `study.data.preferences: ${resolve(file)} does not exist`);
    named('study.data.preferences', () => {
      if (readPreferencePairs(file, { headBytes: PREFLIGHT_HEAD_BYTES }).length === 0) throw new TribunalError('BAD_CONFIG', `${file}: no preference pairs`);
    });
    named('study.judgeTemplate', () => loadTemplate(s.judgeTemplate, ['prompt', 'response']));
  }
  for (const placed of studyEngines(sc)) checkEngine(placed, env);
}

/** The run config's scale warnings for the study's policy: its base model as the learner trains it (the study's warm-up dirs are its own). */
export function studyScaleWarnings(sc: StudyConfig): string[] {
  const t = sc.study.torch;
  if (sc.study.backend !== 'torch') return [];
  const policy = TorchEngineConfig.parse({ backend: 'torch', model: t.policyModel, microBatchSize: t.microBatchSize });
  return scaleWarnings({ ...sc.base, engines: { ...sc.base.engines, policy, trainer: undefined } })
    .map((w) => w.replace('engines.policy.microBatchSize', 'study.torch.microBatchSize'));
}
