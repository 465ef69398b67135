// How many judges the SFT stage trains side by side, and the torch threads of
// each: one per core for builtin and for torch on the CPU (each torch trainer
// its share of the cores), one at a time for torch on a GPU unless asked.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { StudySection } from '../../src/study/config.ts';
import { judgeSftSlots } from '../../src/study/stages.ts';

const sc = (study: Record<string, unknown>) => ({ base: parseConfig({}), study: StudySection.parse(study) });

describe('study - judge SFT slots', () => {
  it('builtin: one judge per core, or what concurrency asks; no torch threads', () => {
    expect(judgeSftSlots(sc({}), 4)).toEqual({ concurrency: 4, threads: 0 });
    expect(judgeSftSlots(sc({ judgeSft: { concurrency: 2 } }), 4)).toEqual({ concurrency: 2, threads: 0 });
  });

  it('torch on the CPU: side by side, each trainer a share of the cores', () => {
    expect(judgeSftSlots(sc({ backend: 'torch', torch: { device: 'cpu' } }), 2)).toEqual({ concurrency: 2, threads: 1 });
    expect(judgeSftSlots(sc({ backend: 'torch', torch: { device: 'cpu' } }), 16)).toEqual({ concurrency: 16, threads: 1 });
    expect(judgeSftSlots(sc({ backend: 'torch', torch: { device: 'cpu' }, judgeSft: { concurrency: 2 } }), 16)).toEqual({ concurrency: 2, threads: 8 });
    expect(judgeSftSlots(sc({ backend: 'torch', torch: { device: 'cpu' }, judgeSft: { concurrency: 1 } }), 16)).toEqual({ concurrency: 1, threads: 0 });
  });

  it('torch on a GPU (or auto): one at a time on the device unless concurrency says', () => {
    expect(judgeSftSlots(sc({ backend: 'torch', torch: { device: 'cuda' } }), 16)).toEqual({ concurrency: 1, threads: 0 });
    expect(judgeSftSlots(sc({ backend: 'torch' }), 16)).toEqual({ concurrency: 1, threads: 0 });
    expect(judgeSftSlots(sc({ backend: 'torch', torch: { device: 'cuda' }, judgeSft: { concurrency: 2 } }), 16)).toEqual({ concurrency: 2, threads: 8 });
  });
});
