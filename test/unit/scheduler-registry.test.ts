import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/scheduler/registry.ts';

const make = () => new Registry({ leaseMs: 1000, epoch: 'e1' });

describe('scheduler registry', () => {
  it('scheduler registry - assigns unique ids and keeps a given id', () => {
    const r = make();
    const a = r.register({ kind: 'rollout', host: 'h', pid: 1 }, 0).actor;
    const b = r.register({ kind: 'rollout', host: 'h', pid: 2 }, 0).actor;
    const j = r.register({ kind: 'judge', actorId: 'judge-x', host: 'h', pid: 3 }, 0);
    expect(a.actorId).toBe('rollout-1-e1');
    expect(b.actorId).toBe('rollout-2-e1');
    expect(j).toMatchObject({ renewed: false, actor: { actorId: 'judge-x', kind: 'judge' } });
    expect(r.register({ kind: 'judge', actorId: 'judge-x', host: 'h', pid: 4 }, 5)).toMatchObject({ renewed: true, actor: { pid: 4 } });
    // An assigned id never collides with one an actor brought along.
    r.register({ kind: 'gold', actorId: 'gold-3-e1', host: 'h', pid: 5 }, 0);
    expect(r.register({ kind: 'gold', host: 'h', pid: 6 }, 0).actor.actorId).toBe('gold-4-e1');
    expect(r.list()).toHaveLength(5);
  });

  it('scheduler registry - sweep declares actors silent past their lease dead, heartbeats keep them', () => {
    const r = make();
    r.register({ kind: 'rollout', actorId: 'quiet', host: 'h', pid: 1 }, 0);
    r.register({ kind: 'rollout', actorId: 'chatty', host: 'h', pid: 2 }, 0);
    expect(r.heartbeat('chatty', 800)).toBe(true);
    expect(r.sweep(1000)).toEqual([]); // exactly at the lease: still alive
    expect(r.sweep(1001).map((a) => a.actorId)).toEqual(['quiet']);
    expect(r.heartbeat('quiet', 1002)).toBe(false); // must re-register
    expect(r.get('chatty')?.lastSeenMs).toBe(800);
    expect(r.sweep(1801).map((a) => a.actorId)).toEqual(['chatty']);
    expect(r.list()).toEqual([]);
  });

  it('scheduler registry - deregister forgets an actor once', () => {
    const r = make();
    r.register({ kind: 'learner', actorId: 'l', host: 'h', pid: 1 }, 0);
    expect(r.deregister('l')).toBe(true);
    expect(r.deregister('l')).toBe(false);
    expect(r.get('l')).toBeUndefined();
  });
});
