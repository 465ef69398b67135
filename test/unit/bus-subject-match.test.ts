import { describe, expect, it } from 'vitest';
import { anySubjectMatches, subjectMatches } from '../../src/bus/subject-match.ts';

describe('subject match', () => {
  it('subject match - literal subjects match only themselves', () => {
    expect(subjectMatches('a.b.c', 'a.b.c')).toBe(true);
    expect(subjectMatches('a.b.c', 'a.b')).toBe(false);
    expect(subjectMatches('a.b', 'a.b.c')).toBe(false);
  });
  it('subject match - * is exactly one token', () => {
    expect(subjectMatches('a.*.c', 'a.x.c')).toBe(true);
    expect(subjectMatches('a.*', 'a.x.y')).toBe(false);
    expect(subjectMatches('a.*', 'a')).toBe(false);
  });
  it('subject match - > is one or more trailing tokens', () => {
    expect(subjectMatches('a.>', 'a.x')).toBe(true);
    expect(subjectMatches('a.>', 'a.x.y.z')).toBe(true);
    expect(subjectMatches('a.>', 'a')).toBe(false);
    expect(subjectMatches('>', 'anything.at.all')).toBe(true);
  });
  it('subject match - any of a list', () => {
    expect(anySubjectMatches(['x.y', 'q.>'], 'q.1')).toBe(true);
    expect(anySubjectMatches(['x.y', 'q.>'], 'z')).toBe(false);
    expect(anySubjectMatches([], 'z')).toBe(false);
  });
});
