// Preference files in Tulu 3's shape: strings or conversations, and one clear
// line naming the file, line and field for a bad record; the study's held-out
// split keeps whole prompts apart.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPreferencePairs } from '../../src/data/preference-pairs.ts';
import { splitByPrompt } from '../../src/study/study-world.ts';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'tribunal-prefs-')), 'prefs.jsonl');
  writeFileSync(path, text);
  return path;
};
const line = (o: unknown) => JSON.stringify(o);

describe('data - preference pairs', () => {
  it('data - strings and conversations both become (prompt, response) pairs, chosen then rejected', () => {
    const convo = (reply: string) => [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'name a fruit' }, { role: 'assistant', content: reply }];
    const path = file([
      line({ prompt: 'sort b a', chosen: 'a b', rejected: '' }),
      '',
      line({ chosen: convo('plum'), rejected: convo('a car'), id: 'x' }),
    ].join('\n'));
    expect(readPreferencePairs(path)).toEqual([
      { prompt: 'sort b a', response: 'a b', side: 'chosen', line: 1 },
      { prompt: 'sort b a', response: '', side: 'rejected', line: 1 },
      { prompt: 'name a fruit', response: 'plum', side: 'chosen', line: 3 },
      { prompt: 'name a fruit', response: 'a car', side: 'rejected', line: 3 },
    ]);
  });

  it.each([
    ['{"prompt": "p", "chosen": "a"', /prefs\.jsonl:1: not JSON/],
    [line({ prompt: 'p', chosen: 'a' }), /prefs\.jsonl:1: rejected/],
    [line({ chosen: 'a', rejected: 'b' }), /prefs\.jsonl:1: prompt: missing/],
    [line({ prompt: 'p', chosen: [{ role: 'user', content: 'p' }], rejected: 'b' }), /prefs\.jsonl:1: chosen: no assistant turn/],
    [line({ prompt: '', chosen: 'a', rejected: 'b' }), /prefs\.jsonl:1: prompt/],
  ])('data - a bad line fails with the file, line and field: %s', (text, message) => {
    expect(() => readPreferencePairs(file(text))).toThrow(message);
  });

  it('data - an empty or missing file says so', () => {
    expect(() => readPreferencePairs(file('\n\n'))).toThrow(/no preference pairs/);
    expect(() => readPreferencePairs('/nonexistent/prefs.jsonl')).toThrow(/cannot read \/nonexistent\/prefs\.jsonl/);
  });

  it('study - the held-out split keeps whole prompts out of training, and is the same for the same seed', () => {
    const pairs = Array.from({ length: 20 }, (_, i) => ({ prompt: `p${i % 10}`, response: `r${i}`, side: 'chosen' as const, line: i + 1 }));
    const { train, held } = splitByPrompt(pairs, 6, 100, 7);
    expect(held).toHaveLength(6);
    const heldPrompts = new Set(held.map((p) => p.prompt));
    expect(heldPrompts.size).toBe(3);
    expect(train.filter((p) => heldPrompts.has(p.prompt))).toEqual([]);
    expect(train).toHaveLength(14);
    expect(splitByPrompt(pairs, 6, 100, 7)).toEqual({ train, held });
    expect(splitByPrompt(pairs, 6, 5, 7).train).toHaveLength(5);
  });
});
