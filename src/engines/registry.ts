// Builds engines from config: the only place that knows every backend.
// Actors ask for a Sampler, Judge or Trainer and never import a backend.
import { readFile } from 'node:fs/promises';
import type { ExperimentConfig } from '../config/schema.ts';
import type { BuiltinEngineConfig, EngineConfig } from '../config/engines.ts';
import type { Judge, Sampler, Trainer } from './types.ts';
import { TrivialSampler } from './trivial/sampler.ts';
import { TrivialJudge } from './trivial/judge.ts';
import { TrivialTrainer } from './trivial/trainer.ts';
import { vocabularyFor } from '../data/prompts.ts';
import { TribunalError } from '../core/errors.ts';

function unsupported(role: string, engine: EngineConfig): never {
  throw new TribunalError('BAD_CONFIG', `engines: backend '${engine.backend}' cannot serve as ${role}`);
}

export function builtinModel(e: BuiltinEngineConfig) {
  return { dModel: e.dModel, layers: e.layers, heads: e.heads, ffMult: e.ffMult, maxSeqLen: e.maxSeqLen, seed: e.seed };
}

async function initialWeights(e: BuiltinEngineConfig): Promise<Uint8Array | null> {
  if (!e.weights) return null;
  return new Uint8Array(await readFile(e.weights).catch((err) => {
    throw new TribunalError('BAD_CONFIG', `engines: cannot read weights ${e.weights}: ${(err as Error).message}`, { cause: err });
  }));
}

export async function createSampler(cfg: ExperimentConfig, seed: number): Promise<Sampler> {
  const e = cfg.engines.policy;
  switch (e.backend) {
    case 'trivial': return new TrivialSampler(e, seed);
    case 'builtin': {
      const { BuiltinSampler } = await import('./builtin/sampler.ts');
      const s = await BuiltinSampler.create({ model: builtinModel(e), vocab: vocabularyFor(cfg), backend: e.tfBackend });
      const w = await initialWeights(e);
      if (w) await s.loadWeights(0, w);
      return s;
    }
    case 'openai': {
      const { OpenAISampler } = await import('./openai/sampler.ts');
      return new OpenAISampler(e);
    }
    default: return unsupported('a sampler', e);
  }
}

export async function createJudge(cfg: ExperimentConfig, role: 'judge' | 'gold'): Promise<Judge> {
  const e = cfg.engines[role];
  switch (e.backend) {
    case 'trivial': return new TrivialJudge(e);
    case 'builtin': {
      const { BuiltinJudge } = await import('./builtin/judge.ts');
      return BuiltinJudge.create(e, vocabularyFor(cfg), await initialWeights(e));
    }
    case 'openai': {
      const { OpenAIJudge } = await import('./openai/judge.ts');
      return new OpenAIJudge(e);
    }
    case 'testbed-gold': {
      const { TestbedGoldJudge } = await import('./testbed/gold-judge.ts');
      return new TestbedGoldJudge();
    }
    case 'gold-label': {
      const { GoldLabelJudge } = await import('./testbed/gold-label-judge.ts');
      return new GoldLabelJudge();
    }
  }
}

export async function createTrainer(cfg: ExperimentConfig): Promise<Trainer> {
  const e = cfg.engines.policy;
  switch (e.backend) {
    case 'trivial': return new TrivialTrainer(e, { lr: cfg.rl.lr, temperature: cfg.rl.temperature });
    case 'builtin': {
      const { BuiltinTrainer } = await import('./builtin/trainer.ts');
      const t = await BuiltinTrainer.create({
        model: builtinModel(e), vocab: vocabularyFor(cfg), backend: e.tfBackend, temperature: cfg.rl.temperature,
        optimizer: { lr: cfg.rl.lr, weightDecay: cfg.rl.weightDecay, maxGradNorm: cfg.rl.gradClip },
      });
      const w = await initialWeights(e);
      if (w) await t.importWeights(0, w);
      return t;
    }
    default: return unsupported('the trainer (no GPU trainer backend exists yet)', e);
  }
}
