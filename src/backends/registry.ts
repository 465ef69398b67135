// Builds engines from config: the only code that knows every backend (a check
// in the suite keeps it so). Actors, the learner and the study ask for a
// Sampler, Judge or Trainer by engine config and never import a backend.
import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runDir, type ExperimentConfig } from '../config/schema.ts';
import { NoopLogger, type Logger } from '../core/logger.ts';
import { join } from 'node:path';
import type { EngineConfig } from '../config/engines.ts';
import type { BuiltinEngineConfig } from '../config/engines/builtin.ts';
import type { Judge, Sampler, Trainer } from '../engines/types.ts';
import { vocabularyFor } from '../data/prompts.ts';
import { TribunalError } from '../core/errors.ts';

/** What an engine needs besides its own config: the data's words and the run's training settings. */
export interface EngineContext {
  /** The words builtin models read and write (read lazily: only builtin engines need it). */
  vocab(): readonly string[];
  /** Policy sampling temperature: trainers take logprobs at it. */
  temperature: number;
  optimizer: { lr: number; weightDecay: number; gradClip: number };
  /** Seed of samplers that draw without a per-request seed. */
  seed: number;
  /** Optimizer steps the trainer will take (learning-rate schedules end there). */
  totalSteps: number;
  /** The run dir: a trainer that exports by reference writes there unless its engine says otherwise. */
  runDir?: string;
  /** The learner and its rollouts share the learner's trainer service (config/placement.ts): set by those two actors only. */
  colocated?: boolean;
  log?: Logger;
}

/** The context of an experiment's engines. */
export function engineContext(cfg: ExperimentConfig, log?: Logger): EngineContext {
  return {
    vocab: () => vocabularyFor(cfg),
    temperature: cfg.rl.temperature,
    optimizer: { lr: cfg.rl.lr, weightDecay: cfg.rl.weightDecay, gradClip: cfg.rl.gradClip },
    seed: cfg.run.seed,
    totalSteps: cfg.run.steps * cfg.rl.miniBatches,
    runDir: runDir(cfg),
    log,
  };
}

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

export async function createSampler(e: EngineConfig, ctx: EngineContext): Promise<Sampler> {
  switch (e.backend) {
    case 'trivial': {
      const { TrivialSampler } = await import('./trivial/sampler.ts');
      return new TrivialSampler(e, ctx.seed);
    }
    case 'builtin': {
      const { BuiltinSampler } = await import('./builtin/sampler.ts');
      const s = await BuiltinSampler.create({ model: builtinModel(e), vocab: ctx.vocab(), backend: e.tfBackend });
      const w = await initialWeights(e);
      if (w) await s.loadWeights(0, w);
      return s;
    }
    case 'openai': {
      const { OpenAISampler } = await import('./openai/sampler.ts');
      return new OpenAISampler(e);
    }
    case 'torch': {
      if (ctx.colocated) {
        const { ColocatedSampler } = await import('./torch/colocated-sampler.ts');
        return new ColocatedSampler(e, ctx.seed, ctx.log ?? NoopLogger);
      }
      const { TorchSampler } = await import('./torch/sampler.ts');
      return TorchSampler.create(e, { seed: ctx.seed, log: ctx.log ?? NoopLogger });
    }
    default: return unsupported('a sampler', e);
  }
}

export async function createJudge(e: EngineConfig, ctx: EngineContext): Promise<Judge> {
  switch (e.backend) {
    case 'trivial': {
      const { TrivialJudge } = await import('./trivial/judge.ts');
      return new TrivialJudge(e);
    }
    case 'builtin': {
      const { BuiltinJudge } = await import('./builtin/judge.ts');
      return BuiltinJudge.create(e, ctx.vocab(), await initialWeights(e));
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
      return new GoldLabelJudge(e);
    }
    case 'rule': {
      const { RuleJudge } = await import('./rule/judge.ts');
      return new RuleJudge(e);
    }
    case 'torch': {
      const { TorchJudge } = await import('./torch/judge.ts');
      return TorchJudge.create(e, { seed: ctx.seed, log: ctx.log ?? NoopLogger });
    }
  }
}

export async function createTrainer(e: EngineConfig, ctx: EngineContext): Promise<Trainer> {
  switch (e.backend) {
    case 'trivial': {
      const { TrivialTrainer } = await import('./trivial/trainer.ts');
      return new TrivialTrainer(e, { lr: ctx.optimizer.lr, temperature: ctx.temperature });
    }
    case 'builtin': {
      const options = {
        model: builtinModel(e), vocab: [...ctx.vocab()], backend: e.tfBackend, temperature: ctx.temperature,
        optimizer: { lr: ctx.optimizer.lr, weightDecay: ctx.optimizer.weightDecay, maxGradNorm: ctx.optimizer.gradClip },
      };
      const w = await initialWeights(e);
      if (e.trainerThread) {
        const { ThreadTrainer } = await import('./builtin/trainer-thread.ts');
        return ThreadTrainer.start({ options, initialWeights: w });
      }
      const { BuiltinTrainer } = await import('./builtin/trainer.ts');
      const t = await BuiltinTrainer.create(options);
      if (w) await t.importWeights(0, w);
      return t;
    }
    case 'torch': {
      const { TorchTrainer } = await import('./torch/trainer.ts');
      return TorchTrainer.create(e, {
        temperature: ctx.temperature, seed: ctx.seed, optimizer: { ...ctx.optimizer, totalSteps: ctx.totalSteps },
        // Without a run dir, a fresh dir of its own: never the working directory another trainer may share.
        defaultExportDir: ctx.runDir ? join(ctx.runDir, 'weights') : mkdtempSync(join(tmpdir(), 'tribunal-weights-')), log: ctx.log ?? NoopLogger,
        colocated: ctx.colocated,
      });
    }
    default: return unsupported("the trainer (use backend 'torch' for a Hugging Face model, 'builtin' for the tiny CPU models)", e);
  }
}

/** A server that answers as vLLM's OpenAI API does, backed by a torch engine's model (development and tests). */
/**
 * Puts a trained model into a running OpenAI-compatible server and returns the
 * model name to send: a full model dir in place of what it serves (fullWeights
 * 'sglang': /update_weights_from_disk, checked to serve `version`; 'vllm':
 * /collective_rpc reload_weights),
 * or a LoRA adapter dir loaded beside the base model under `adapterName`
 * (vLLM's /v1/load_lora_adapter; an adapter of that name is replaced).
 */
export async function loadIntoServer(e: EngineConfig, dir: string, as: { version: number; adapterName: string }): Promise<string> {
  if (e.backend !== 'openai') throw new TribunalError('BAD_CONFIG', `only an openai engine's server can be given a trained model, not backend '${e.backend}'`);
  const [{ Endpoint }, { FullWeightsSync }, { LoraSync }, { UsageMeter }, { readApiKey }] = await Promise.all([
    import('./openai/endpoint.ts'), import('./openai/full-weights-sync.ts'), import('./openai/lora-sync.ts'), import('./openai/usage-meter.ts'), import('../config/engines/openai.ts'),
  ]);
  const endpoint = new Endpoint({ ...e, apiKey: readApiKey(e) });
  try {
    if (e.fullWeights !== 'none') {
      await new FullWeightsSync(endpoint, new UsageMeter(), e.fullWeights).load(dir, as.version);
      return e.model;
    }
    const lora = new LoraSync(endpoint, new UsageMeter());
    await lora.unload(as.adapterName);
    await lora.load(as.adapterName, dir);
    return as.adapterName;
  } finally {
    endpoint.close();
  }
}

export async function startDevServer(e: EngineConfig, opts: { servedModelName: string; host?: string; port?: number; seed?: number; log: Logger }) {
  if (e.backend !== 'torch') throw new TribunalError('BAD_CONFIG', `the development server serves a torch engine's model, not backend '${e.backend}'`);
  const { startOpenAIDevServer } = await import('./torch/openai-server.ts');
  return startOpenAIDevServer({ engine: e, ...opts });
}
