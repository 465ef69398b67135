// Defaults sized for the CPU demos, left in place on a real model: rl.lr 3e-3
// (the paper trains 8B models at 1e-6), rl.maxNewTokens 12 (a real answer is
// hundreds), microBatchSize 0 (the whole mini-batch in one forward pass: out of
// memory on a GPU at 7B). A real model is a Hugging Face model dir the torch
// engine trains or samples, or an OpenAI-compatible server's. Each default
// still in place is one warning, naming the field and what the field uses.
// Pure: the config in, lines out.
import type { ExperimentConfig } from './schema.ts';
import { RlConfig, trainerEngine } from './schema.ts';
import type { EngineConfig } from './engines.ts';
import { TorchEngineConfig } from './engines/torch.ts';

const isReal = (e: EngineConfig): boolean => (e.backend === 'torch' && !e.model.startsWith('tiny-random:')) || e.backend === 'openai';

export function scaleWarnings(cfg: ExperimentConfig): string[] {
  const trainer = trainerEngine(cfg);
  if (!isReal(trainer) && !isReal(cfg.engines.policy)) return [];
  const rl = RlConfig.parse({});
  const out: string[] = [];
  const model = trainer.backend === 'torch' ? trainer.model : cfg.engines.policy.backend === 'openai' ? cfg.engines.policy.model : 'the policy';
  if (cfg.rl.lr === rl.lr) out.push(`rl.lr is the CPU demos' default ${rl.lr} on ${model}: real models train at 1e-6 to 1e-5 (the paper: 1e-6 on 8B); set rl.lr`);
  if (cfg.rl.maxNewTokens === rl.maxNewTokens) out.push(`rl.maxNewTokens is the CPU demos' default ${rl.maxNewTokens}: a real model's answers are hundreds of tokens (the paper: 2048); set rl.maxNewTokens`);
  if (trainer.backend === 'torch' && !trainer.model.startsWith('tiny-random:') && trainer.microBatchSize === TorchEngineConfig.parse({ backend: 'torch', model: 'x' }).microBatchSize) {
    out.push(`engines.${cfg.engines.trainer ? 'trainer' : 'policy'}.microBatchSize is 0 (the whole mini-batch in one forward pass) on ${model}: on a GPU that runs out of memory from about 1B parameters; set microBatchSize (say 4)`);
  }
  return out;
}
