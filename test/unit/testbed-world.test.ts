import { describe, expect, it } from 'vitest';
import { isTribunalError } from '../../src/core/errors.ts';
import { directTarget, judgeInput, policyPrompt, reasoningTarget } from '../../src/testbed/format.ts';
import { goldJudge } from '../../src/testbed/gold.ts';
import { referenceAnswer } from '../../src/testbed/task-spec.ts';
import { splitPools } from '../../src/testbed/tasks.ts';
import { testbedVocabulary } from '../../src/testbed/vocabulary.ts';
import { createTestbed } from '../../src/testbed/world.ts';

const tb = createTestbed({ seed: 5, trainPrompts: 300, evalPrompts: 60, judgeExamples: 1500, judgeEvalExamples: 200 });

describe('testbed world', () => {
  it('testbed world - vocabulary is small, unique, and holds the score digits and format words', () => {
    const v = testbedVocabulary();
    expect(new Set(v).size).toBe(v.length);
    expect(v.length).toBeGreaterThanOrEqual(60);
    expect(v.length).toBeLessThanOrEqual(120);
    for (const w of ['0', '5', '9', 'score', '|', 'ok', 'fail']) expect(v).toContain(w);
    for (const w of v) expect(w).toMatch(/^\S+$/);
    expect(tb.vocabulary).toEqual(v);
  });

  it('testbed world - every word produced anywhere is in the vocabulary', () => {
    const vocab = new Set(tb.vocabulary);
    const missing: string[] = [];
    let words = 0;
    const check = (text: string): void => {
      for (const w of text.split(' ').filter((x) => x !== '')) {
        words++;
        if (!vocab.has(w)) missing.push(`"${w}" in "${text}"`);
      }
    };
    for (const p of [...tb.train, ...tb.eval]) {
      check(p.text);
      check(policyPrompt(p));
      check(referenceAnswer(p.spec));
    }
    for (const e of [...tb.judgeData, ...tb.judgeEval]) {
      check(judgeInput(e.prompt, e.response));
      check(reasoningTarget(e.trace, e.gold));
      check(directTarget(e.gold));
    }
    for (const s of ['train', 'eval', 'judge'] as const) {
      for (const specs of Object.values(splitPools()[s])) for (const spec of specs.slice(0, 40)) check(referenceAnswer(spec));
    }
    expect(missing).toEqual([]);
    expect(words).toBeGreaterThan(10_000);
  });

  it('testbed world - sizes, splits and gold as asked', () => {
    expect(tb.train.length).toBe(300);
    expect(tb.eval.length).toBe(60);
    expect(tb.judgeData.length).toBe(1500);
    expect(tb.judgeEval.length).toBe(200);
    expect(tb.train.every((p) => p.split === 'train')).toBe(true);
    expect(tb.eval.every((p) => p.split === 'eval')).toBe(true);
    expect(tb.gold).toBe(goldJudge);
    const judgeIds = new Set(tb.judgeData.map((e) => e.prompt.id));
    expect(tb.judgeEval.some((e) => judgeIds.has(e.prompt.id))).toBe(false);
    expect(createTestbed({ seed: 5, trainPrompts: 300, evalPrompts: 60, judgeExamples: 1500, judgeEvalExamples: 200 })).toEqual(tb);
  });

  it('testbed world - bad options are BAD_CONFIG', () => {
    for (const opts of [
      { seed: 1.5, trainPrompts: 1, evalPrompts: 1, judgeExamples: 1 },
      { seed: 1, trainPrompts: -1, evalPrompts: 1, judgeExamples: 1 },
      { seed: 1, trainPrompts: 1, evalPrompts: Number.NaN, judgeExamples: 1 },
    ]) {
      expect(() => createTestbed(opts)).toThrow();
      try {
        createTestbed(opts);
      } catch (e) {
        expect(isTribunalError(e, 'BAD_CONFIG')).toBe(true);
      }
    }
  });

  it('testbed world - judge formats', () => {
    expect(policyPrompt('sort b a')).toBe('sort b a |');
    expect(judgeInput('sort b a', ' a  b ')).toBe('sort b a | a b | score');
    expect(judgeInput('sort b a', '')).toBe('sort b a | | score');
    const v = goldJudge('sort b a', 'a b');
    expect(reasoningTarget(v.trace, v.score)).toBe('task ok refuse ok end ok praise ok pad ok score 9');
    expect(directTarget(7)).toBe('7');
    expect(() => directTarget(10)).toThrow();
    expect(() => directTarget(2.5)).toThrow();
  });
});
