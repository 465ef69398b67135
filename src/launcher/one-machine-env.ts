// What the local launcher tells every actor it starts, since they all share
// this machine: that they do (colocated sampling may then be chosen), and each
// torch process's share of the cores. Said once in the log.
import { availableParallelism } from 'node:os';
import type { ExperimentConfig } from '../config/schema.ts';
import { ONE_MACHINE_ENV, samplerPlacement } from '../config/placement.ts';
import { TORCH_THREADS_ENV, torchProcesses, torchThreadShare } from '../config/torch-threads.ts';
import type { Logger } from '../core/logger.ts';

export function oneMachineEnv(cfg: ExperimentConfig, log: Logger, cores = availableParallelism()): Record<string, string> {
  const placement = samplerPlacement(cfg, true);
  const processes = torchProcesses(cfg, placement.colocated);
  const share = torchThreadShare(processes, cores);
  if (cfg.engines.policy.backend === 'torch') log.info(`rollouts sample ${placement.colocated ? "from the learner's trainer service (colocated)" : 'from trainer services of their own (separate)'}`, { why: placement.why });
  if (processes > 0) log.info('torch processes share the cores', { processes, cores, threadsEach: share });
  return { [ONE_MACHINE_ENV]: '1', ...(share > 0 ? { [TORCH_THREADS_ENV]: String(share) } : {}) };
}
