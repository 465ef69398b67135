// Where the rollouts' torch sampler lives: in the learner's own trainer
// service (colocated: one model in memory, versions reach sampling without a
// file) or in a service of each rollout's own (separate: versions by
// reference). Pure: the config and whether every actor shares one machine in,
// the decision and its reason out; the learner and each rollout compute it
// alike, so they agree without a message.
import type { EngineConfig } from './engines.ts';
import { TribunalError } from '../core/errors.ts';

/** Set by the local launcher (`tribunal run`) for every actor it starts: they all run on this machine. */
export const ONE_MACHINE_ENV = 'TRIBUNAL_ONE_MACHINE';

export function oneMachine(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ONE_MACHINE_ENV] === '1';
}

export interface Placement {
  colocated: boolean;
  /** Why, for the log and for an error when colocated was asked for and cannot be. */
  why: string;
}

type PlacementInput = { engines: { policy: EngineConfig; trainer?: EngineConfig } };

/** The same value with every object's keys in order: two configs built in another order compare equal. */
const sortedKeys = (v: unknown): unknown => Array.isArray(v) ? v.map(sortedKeys)
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortedKeys(x)])) : v;

/** Why the rollouts cannot share the learner's service (null: they can, given one machine). */
export function colocationBlocker(cfg: PlacementInput): string | null {
  const policy = cfg.engines.policy;
  if (policy.backend !== 'torch') return `engines.policy is backend '${policy.backend}', not torch`;
  const trainer = cfg.engines.trainer ?? policy;
  if (trainer !== policy && JSON.stringify(sortedKeys(trainer)) !== JSON.stringify(sortedKeys(policy))) return 'the learner trains engines.trainer, another engine than engines.policy';
  if (policy.gpus > 1) return `the learner is sharded over ${policy.gpus} processes (FSDP); a sharded policy has no single copy to sample`;
  return null;
}

export function samplerPlacement(cfg: PlacementInput, sameMachine: boolean): Placement {
  const policy = cfg.engines.policy;
  if (policy.backend !== 'torch') return { colocated: false, why: `engines.policy is backend '${policy.backend}'` };
  if (policy.placement === 'separate') return { colocated: false, why: 'engines.policy.placement is separate' };
  const blocker = colocationBlocker(cfg) ?? (sameMachine ? null : 'the actors do not all run on one machine (colocated sampling is for `tribunal run`; on Kubernetes each rollout has its own pod)');
  if (blocker && policy.placement === 'colocated') throw new TribunalError('BAD_CONFIG', `engines.policy.placement is colocated, but ${blocker}: set placement to auto or separate`);
  if (blocker) return { colocated: false, why: blocker };
  return { colocated: true, why: policy.placement === 'colocated' ? 'engines.policy.placement is colocated' : 'auto: the learner trains this model in one process on this machine' };
}
