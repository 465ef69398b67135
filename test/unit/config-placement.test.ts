// Where the rollouts' torch sampler lives and how the cores are divided: pure
// decisions from the config (and whether every actor shares one machine).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { TorchEngineConfig } from '../../src/config/engines/torch.ts';
import { colocationBlocker, oneMachine, samplerPlacement } from '../../src/config/placement.ts';
import { serviceThreads, torchProcesses, torchThreadShare } from '../../src/config/torch-threads.ts';
import { grantsPerAcquire } from '../../src/config/schema.ts';
import { isTribunalError } from '../../src/core/errors.ts';

const torch = (over: Record<string, unknown> = {}) => ({ backend: 'torch', model: 'tiny-random:qwen2:1', ...over });
const cfgOf = (engines: Record<string, unknown>, actors: Record<string, unknown> = {}) => parseConfig({ engines: { judge: { backend: 'rule' }, gold: { backend: 'rule' }, ...engines }, actors });

describe('config - placement', () => {
  it('placement - auto colocates on one machine when the learner trains the policy in one process', () => {
    const cfg = cfgOf({ policy: torch() });
    expect(samplerPlacement(cfg, true)).toMatchObject({ colocated: true });
    expect(samplerPlacement(cfg, false)).toMatchObject({ colocated: false, why: expect.stringMatching(/one machine/) });
    expect(samplerPlacement(cfgOf({ policy: torch({ placement: 'separate' }) }), true)).toMatchObject({ colocated: false });
    // The same engine written out again as engines.trainer is still the policy's.
    expect(samplerPlacement(cfgOf({ policy: torch(), trainer: torch() }), true).colocated).toBe(true);
  });

  it('placement - what keeps rollouts apart is said, and colocated asked for where it cannot be fails in one line', () => {
    expect(colocationBlocker(cfgOf({ policy: { backend: 'trivial' } }))).toMatch(/not torch/);
    expect(colocationBlocker(cfgOf({ policy: torch(), trainer: torch({ lora: { rank: 4 } }) }))).toMatch(/engines\.trainer/);
    expect(colocationBlocker(cfgOf({ policy: torch({ gpus: 2 }) }))).toMatch(/sharded over 2/);
    // The same engine built in another key order (the study spreads its trainer's fields) is the same engine.
    const policy = TorchEngineConfig.parse(torch());
    const { lora, ...rest } = policy;
    const trainer = { ...rest, lora };
    expect(JSON.stringify(trainer)).not.toBe(JSON.stringify(policy));
    expect(colocationBlocker({ engines: { policy, trainer } })).toBeNull();
    expect(() => cfgOf({ policy: torch({ placement: 'colocated', gpus: 2 }) })).toThrow(/engines\.policy\.placement.*colocated, but the learner is sharded/);
    let e: unknown;
    try { samplerPlacement(cfgOf({ policy: torch({ placement: 'colocated' }) }), false); } catch (err) { e = err; }
    expect(isTribunalError(e, 'BAD_CONFIG') && (e as Error).message).toMatch(/one machine.*set placement to auto or separate/);
    expect(oneMachine({ TRIBUNAL_ONE_MACHINE: '1' })).toBe(true);
    expect(oneMachine({})).toBe(false);
  });
});

describe('config - torch threads', () => {
  it('threads - the launcher counts each torch process once: colocated rollouts add none', () => {
    const cfg = cfgOf({ policy: torch(), judge: torch(), secondJudge: torch() }, { rollout: { replicas: 2 }, judge: { replicas: 1 } });
    expect(torchProcesses(cfg, true)).toBe(3); // learner + judge + second judge
    expect(torchProcesses(cfg, false)).toBe(5); // + two rollouts' services
    expect(torchProcesses(cfgOf({ policy: { backend: 'trivial' } }), false)).toBe(0);
    expect(torchThreadShare(3, 2)).toBe(1);
    expect(torchThreadShare(2, 16)).toBe(8);
    expect(torchThreadShare(0, 16)).toBe(0);
  });

  it('threads - an engine\'s own setting, else the share (inter-op 1), else torch\'s defaults', () => {
    expect(serviceThreads({ threads: 3, interopThreads: 0 }, { TRIBUNAL_TORCH_THREADS: '1' })).toEqual({ threads: 3, interopThreads: 1, source: 'engine config' });
    expect(serviceThreads({ threads: 0, interopThreads: 0 }, { TRIBUNAL_TORCH_THREADS: '2' })).toEqual({ threads: 2, interopThreads: 1, source: 'share of the cores' });
    expect(serviceThreads({ threads: 0, interopThreads: 0 }, { TRIBUNAL_TORCH_THREADS: 'x' })).toEqual({ threads: 0, interopThreads: 0, source: "torch's default" });
    expect(serviceThreads({ threads: 0, interopThreads: 4 }, {})).toEqual({ threads: 0, interopThreads: 4, source: "torch's default" });
  });

  it('grants - a sampler that batches asks for its share of a step, others for one at a time, unless set', () => {
    const cfg = (rollout: Record<string, unknown>) => parseConfig({ rl: { promptsPerStep: 8 }, actors: { rollout } });
    expect(grantsPerAcquire(cfg({}), true)).toBe(8);
    expect(grantsPerAcquire(cfg({ replicas: 3 }), true)).toBe(3);
    expect(grantsPerAcquire(cfg({}), false)).toBe(1);
    expect(grantsPerAcquire(cfg({ groupsInFlight: 5 }), false)).toBe(5);
  });
});
