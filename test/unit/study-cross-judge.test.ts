import { describe, expect, it } from 'vitest';
import { crossJudgeMarkdown, meanScore } from '../../src/study/cross-judge.ts';

describe('cross-judge table', () => {
  it('cross-judge - one row per round, a column per judge, and the change from gold\'s peak to the last round', () => {
    const md = crossJudgeMarkdown([
      { step: 0, samples: 12, gold: 4, proxy: 6, judges: { a: 5, b: 5.5 } },
      { step: 10, samples: 12, gold: 5, proxy: 7, judges: { a: 6, b: 6 } },
      { step: 20, samples: 12, gold: 3, proxy: 8.5, judges: { a: 8, b: 4 } },
    ], 'run x');
    expect(md).toContain('| step | gold | proxy | a | b |');
    expect(md).toContain('| 20 | 3.00 | 8.50 | 8.00 | 4.00 |');
    expect(md).toContain('12 per round');
    expect(md).toContain("From gold's peak (step 10) to the last round (step 20): gold -2.00, proxy +1.50; a +2.00, b -2.00.");
  });
  it('cross-judge - a judge missing from a round shows as -, and no samples have no mean', () => {
    expect(crossJudgeMarkdown([{ step: 0, samples: 2, gold: 1, proxy: 1, judges: {} }, { step: 5, samples: 2, gold: 1, proxy: 1, judges: { a: 2 } }], 'r')).toContain('| 0 | 1.00 | 1.00 | - |');
    expect(meanScore([])).toBeNaN();
  });
});
