// The reasoning-judge diagnosis on hand-built verdicts: overrated samples are
// split into a wrong trace (the score follows it) and a right trace with a
// wrong score; per check, how often and how the judge's verdict differs from gold's.
import { describe, expect, it } from 'vitest';
import { diagnose, diagnosisMarkdown, type JudgedSample } from '../../src/study/judge-diagnosis.ts';

const gold = 'task fail refuse ok end fail praise ok pad ok'; // 2 - 4 = 0
const s = (judgeScore: number, judgeTrace: string, goldScore = 0, goldTrace = gold): JudgedSample => ({ prompt: 'count to three', response: 'one done', judgeScore, judgeTrace, goldScore, goldTrace });

describe('judge diagnosis', () => {
  it('diagnosis - which checks go wrong, and whether the score follows the trace', () => {
    const d = diagnose([
      s(9, 'task ok refuse ok end ok praise ok pad ok'), // misses task and end; 9 follows its trace
      s(5, 'task ok refuse ok end fail praise ok pad ok'), // misses task; 5 follows (9 - 4)
      s(8, gold), // right trace, wrong score
      s(7, 'task ok ok'), // malformed
      { ...s(8, ''), response: 'sure | done' }, // no trace at all; a "|" in the response
      s(1, 'task ok refuse ok end ok praise ok pad ok'), // not overrated (1 - 0 <= 2)
    ]);
    expect(d).toMatchObject({ samples: 6, overrated: 5, malformed: 2, emptyTrace: 1, wellFormed: 3, scoreFollowsTrace: 2, traceRightScoreWrong: 1 });
    expect(d.aspects.task).toMatchObject({ wrong: 2, of: 3, confusions: [{ judge: 'ok', gold: 'fail', n: 2 }] });
    expect(d.aspects.end).toMatchObject({ wrong: 1, of: 3 });
    expect(d.aspects.pad.wrong).toBe(0);
    expect(d.examples[0].judgeScore).toBe(9); // the worst first
    const md = diagnosisMarkdown(d, 'test');
    expect(md).toMatch(/\| task \| 2 of 3 \(67%\) \| ok -> fail \(2\) \|/);
    expect(md).toMatch(/score follows from the judge's own trace .* in 2 \(67%\)/);
    expect(md).toContain('| sure \\| done | (none) |');
  });
});
