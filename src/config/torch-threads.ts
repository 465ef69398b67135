// How the cores are divided among torch processes. `tribunal run` starts
// every actor on one machine, and each torch engine's service would take every
// core it sees (torch's default): two of them on two cores fight, beside NATS
// and the Node actors. The launcher counts the torch processes a config starts
// and gives each its share; an engine's own `threads` wins over the share.
// Pure: config and counts in, numbers out.
import type { ExperimentConfig } from './schema.ts';
import { trainerEngine } from './schema.ts';
import type { EngineConfig } from './engines.ts';

/** The launcher's per-process share, in every actor's environment. */
export const TORCH_THREADS_ENV = 'TRIBUNAL_TORCH_THREADS';

const torchProcs = (e: EngineConfig | undefined) => (e?.backend === 'torch' ? e.gpus : 0);

/** Torch service processes a run of `cfg` starts on this machine (colocated rollouts share the learner's). */
export function torchProcesses(cfg: ExperimentConfig, colocated: boolean): number {
  const a = cfg.actors;
  return torchProcs(trainerEngine(cfg))
    + (colocated ? 0 : a.rollout.replicas * torchProcs(cfg.engines.policy))
    + a.judge.replicas * (torchProcs(cfg.engines.judge) + torchProcs(cfg.engines.secondJudge))
    + a.gold.replicas * torchProcs(cfg.engines.gold);
}

/** Intra-op threads of each torch process: the cores divided evenly, at least 1 (0: no torch process). */
export function torchThreadShare(processes: number, cores: number): number {
  return processes > 0 ? Math.max(1, Math.floor(cores / processes)) : 0;
}

export interface ServiceThreads {
  /** 0: torch's default. */
  threads: number;
  interopThreads: number;
  source: 'engine config' | 'share of the cores' | "torch's default";
}

/** What one torch service computes with: the engine's own setting, else the launcher's share (inter-op 1: the service runs one op at a time), else torch's defaults. */
export function serviceThreads(engine: { threads: number; interopThreads: number }, env: NodeJS.ProcessEnv = process.env): ServiceThreads {
  const share = Number(env[TORCH_THREADS_ENV] ?? 0);
  if (engine.threads > 0) return { threads: engine.threads, interopThreads: engine.interopThreads || 1, source: 'engine config' };
  if (Number.isInteger(share) && share > 0) return { threads: share, interopThreads: engine.interopThreads || 1, source: 'share of the cores' };
  return { threads: 0, interopThreads: engine.interopThreads, source: "torch's default" };
}
