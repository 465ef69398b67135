import { describe, expect, it } from 'vitest';
import { admissible } from '../../src/scheduler/admission.ts';

describe('admission', () => {
  it('admission - eta 0 is synchronous: one batch per version', () => {
    // v=0, B=4: (0+0+1)*4 = 4 > accepted + running while fewer than 4 are out.
    expect(admissible({ version: 0, eta: 0, batchSize: 4, accepted: 0, running: 0 })).toBe(4);
    expect(admissible({ version: 0, eta: 0, batchSize: 4, accepted: 1, running: 2 })).toBe(1);
    expect(admissible({ version: 0, eta: 0, batchSize: 4, accepted: 4, running: 0 })).toBe(0);
    // The learner stepped (v=1) after consuming those 4: (0+1+1)*4 = 8 > 4 + running.
    expect(admissible({ version: 1, eta: 0, batchSize: 4, accepted: 4, running: 0 })).toBe(4);
    expect(admissible({ version: 1, eta: 0, batchSize: 4, accepted: 4, running: 3 })).toBe(1);
  });

  it('admission - eta > 0 lets sampling run eta batches ahead, never more', () => {
    // eta=2, v=0, B=3: (2+0+1)*3 = 9 prompts may be accepted or in flight before the first step.
    expect(admissible({ version: 0, eta: 2, batchSize: 3, accepted: 0, running: 0 })).toBe(9);
    expect(admissible({ version: 0, eta: 2, batchSize: 3, accepted: 6, running: 3 })).toBe(0);
    // v=5 with 20 accepted and 4 running: (2+5+1)*3 = 24 > 24 is false, nothing.
    expect(admissible({ version: 5, eta: 2, batchSize: 3, accepted: 20, running: 4 })).toBe(0);
    expect(admissible({ version: 6, eta: 2, batchSize: 3, accepted: 20, running: 4 })).toBe(3);
  });

  it('admission - never negative when more is out than allowed (after a restore)', () => {
    expect(admissible({ version: 0, eta: 0, batchSize: 2, accepted: 5, running: 1 })).toBe(0);
  });
});
