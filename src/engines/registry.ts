// Builds engines from config: the only place that knows every backend.
// Actors ask for a Sampler, Judge or Trainer and never import a backend.
import type { ExperimentConfig } from '../config/schema.ts';
import type { EngineConfig } from '../config/engines.ts';
import type { Judge, Sampler, Trainer } from './types.ts';
import { TrivialSampler } from './trivial/sampler.ts';
import { TrivialJudge } from './trivial/judge.ts';
import { TrivialTrainer } from './trivial/trainer.ts';
import { TribunalError } from '../errors.ts';

function unsupported(role: string, engine: EngineConfig): never {
  throw new TribunalError('BAD_CONFIG', `engines: backend '${engine.backend}' cannot serve as ${role}`);
}

export async function createSampler(cfg: ExperimentConfig, seed: number): Promise<Sampler> {
  const e = cfg.engines.policy;
  switch (e.backend) {
    case 'trivial': return new TrivialSampler(e, seed);
    default: return unsupported('a sampler', e);
  }
}

export async function createJudge(cfg: ExperimentConfig, role: 'judge' | 'gold'): Promise<Judge> {
  const e = cfg.engines[role];
  switch (e.backend) {
    case 'trivial': return new TrivialJudge(e);
    default: return unsupported(`the ${role}`, e);
  }
}

export async function createTrainer(cfg: ExperimentConfig): Promise<Trainer> {
  const e = cfg.engines.policy;
  switch (e.backend) {
    case 'trivial': return new TrivialTrainer(e, { lr: cfg.rl.lr, temperature: cfg.rl.temperature });
    default: return unsupported('the trainer', e);
  }
}
