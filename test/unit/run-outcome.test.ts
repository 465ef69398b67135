// How a launched run ended, from the supervisor's events in their order: a
// failure first makes the learner's later exit 0 (its drain on the shutdown)
// no success; a learner that finished first is not undone by a child giving up.
import { describe, expect, it } from 'vitest';
import { RunOutcome } from '../../src/launcher/run-outcome.ts';

describe('launcher - run outcome', () => {
  it('a learner that finishes ends the run with 0', () => {
    const o = new RunOutcome();
    expect(o.learnerExited(false)).toBe(true);
    expect(o.exitCode).toBe(0);
    // A child that gives up while the others drain does not undo it.
    expect(o.gaveUp('rollout-0 kept failing', 1)).toBe(false);
    expect(o.exitCode).toBe(0);
    expect(o.failed).toBeNull();
  });

  it('a child that gives up first: the learner drained by the shutdown exits 0, and the run still fails', () => {
    for (const [code, exit] of [[2, 2], [1, 1], [null, 1]] as const) {
      const o = new RunOutcome();
      expect(o.gaveUp('rollout-0: data.jsonl:3: not JSON', code)).toBe(true);
      expect(o.learnerExited(false)).toBe(false);
      expect(o.learnerExited(true)).toBe(false);
      expect(o.exitCode).toBe(exit);
      expect(o.failed).toBe('rollout-0: data.jsonl:3: not JSON');
    }
  });

  it('a learner exiting 0 while the launcher stops is not a finished run', () => {
    const o = new RunOutcome();
    expect(o.learnerExited(true)).toBe(false);
    expect(o.exitCode).toBe(1);
  });

  it('interrupted: 130; the bus lost: 3; the first reason is the one kept', () => {
    const i = new RunOutcome();
    i.fail('interrupted');
    i.fail('the private nats-server exited', true);
    expect(i.learnerExited(false)).toBe(false);
    expect(i.exitCode).toBe(130);
    const n = new RunOutcome();
    n.fail('the private nats-server exited', true);
    expect(n.gaveUp('learner kept failing', 1)).toBe(false);
    expect(n.exitCode).toBe(3);
  });
});
