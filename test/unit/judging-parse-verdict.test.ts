import { describe, expect, it } from 'vitest';
import { parsePairwiseVerdict, parsePointwiseVerdict, splitReasoning } from '../../src/judging/parse-verdict.ts';

const score = (t: string, range?: { low: number; high: number }) => parsePointwiseVerdict(t, range).score;

describe('judging parse verdict', () => {
  it('pointwise - reads common score formats', () => {
    expect(score('**Score: 7**')).toBe(7);
    expect(score('**Score:** 6')).toBe(6);
    expect(score('`7`')).toBe(7);
    expect(score('Score: 7/9')).toBe(7);
    expect(score('Rating: 7')).toBe(7);
    expect(score('Final answer: 7')).toBe(7);
    expect(score('Rating: [[4]]')).toBe(4);
    expect(score('The response is decent.\n\n8')).toBe(8);
    expect(score('I give it a score of 5 out of 9.')).toBe(5);
    expect(score('Overall 6/9')).toBe(6);
    expect(score('\\boxed{3}')).toBe(3);
    expect(score('### Final Score\n\n4')).toBe(4);
    expect(score('Score (0-9): 2')).toBe(2);
  });

  it('pointwise - the last score after the reasoning wins', () => {
    const v = parsePointwiseVerdict('<think>Maybe Score: 2, maybe 3.</think>\nIt has 3 issues.\nScore: 3\nOn reflection, final score: 8.');
    expect(v).toEqual({ valid: true, score: 8, reasoningText: 'Maybe Score: 2, maybe 3.' });
  });

  it('pointwise - invalid when out of range, decimal, negative or missing', () => {
    for (const t of ['Score: 12', 'Score: 7.5', 'Score: -1', 'no verdict here', '', 'Score: 4\n\n7.5']) {
      expect(parsePointwiseVerdict(t)).toEqual({ valid: false, score: null, reasoningText: '' });
    }
    // range [1, 5]
    expect(score('Score: 0', { low: 1, high: 5 })).toBeNull();
    expect(score('Score: 5', { low: 1, high: 5 })).toBe(5);
  });

  it('pointwise - a score only inside reasoning is not a verdict', () => {
    expect(parsePointwiseVerdict('<think>Score: 5</think>')).toEqual({ valid: false, score: null, reasoningText: 'Score: 5' });
    // truncated: unclosed <think>
    expect(parsePointwiseVerdict('<think>Score: 5 and then')).toMatchObject({ valid: false, reasoningText: 'Score: 5 and then' });
  });

  it('pointwise - never throws on odd input', () => {
    expect(parsePointwiseVerdict(undefined as unknown as string).valid).toBe(false);
    expect(parsePointwiseVerdict('</think></think><think>').valid).toBe(false);
  });

  it('pointwise - long blank runs parse in linear time (no regex backtracking blow-up)', { timeout: 5000 }, () => {
    // The first version's score regex took ~54 s on 'Score' + 1,000 spaces + 'x' (cubic backtracking).
    const blank = ' '.repeat(50_000);
    expect(parsePointwiseVerdict(`Score${blank}x`).valid).toBe(false);
    expect(parsePointwiseVerdict(`Score:${blank}7`).score).toBe(7);
    expect(parsePairwiseVerdict(`Winner:${blank}x`).valid).toBe(false);
    expect(parsePairwiseVerdict(`${'('.repeat(50_000)}x`).valid).toBe(false);
    expect(parsePointwiseVerdict('</think>'.repeat(20_000)).valid).toBe(false);
  });

  it('reasoning - lone closing tag from a template-opened block', () => {
    expect(splitReasoning('thinking here</think>\nScore: 4')).toEqual({ reasoning: 'thinking here', answer: '\nScore: 4' });
  });

  it('pairwise - reads common formats', () => {
    const pref = (t: string) => parsePairwiseVerdict(t).preferred;
    expect(pref('[[A]]')).toBe('A');
    expect(pref('Response A is better')).toBe('A');
    expect(pref('Winner: B')).toBe('B');
    expect(pref('**B**')).toBe('B');
    expect(pref('A is better than B')).toBe('A');
    expect(pref('I prefer Response b')).toBe('B');
    expect(pref('The winner is Response B.')).toBe('B');
    expect(pref('Final verdict: Assistant (A)')).toBe('A');
    expect(pref('Answer: B')).toBe('B');
    expect(pref('The better one:\nResponse (B)')).toBe('B');
  });

  it('pairwise - last verdict after reasoning wins; ties and none are invalid', () => {
    expect(parsePairwiseVerdict('<think>A is better</think>Response A reads well, but overall [[B]]')).toEqual({
      valid: true,
      preferred: 'B',
      reasoningText: 'A is better',
    });
    for (const t of ['Final verdict: [[C]]', 'Winner: tie', 'Both have a point.', 'Answer: a', '<think>A is better</think>', '']) {
      expect(parsePairwiseVerdict(t)).toMatchObject({ valid: false, preferred: null });
    }
  });
});
