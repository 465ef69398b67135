// JSONL prompt files: records with metadata, one clear line for a bad one.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonlPrompts } from '../../src/data/jsonl-prompts.ts';
import { parseConfig } from '../../src/config/load.ts';
import { evalPrompts, trainPrompts, vocabularyFor } from '../../src/data/prompts.ts';

const file = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'tribunal-jsonl-')), name);
  writeFileSync(path, text);
  return path;
};

describe('data - jsonl prompts', () => {
  it('data - reads prompts with their metadata and maps ledger indices onto them', () => {
    const train = file('train.jsonl', '{"prompt": "write a haiku", "topic": "poetry"}\n\n{"prompt": "sort b a", "n": 2}\n');
    const held = file('eval.jsonl', '{"prompt": "name a fruit"}\n');
    const cfg = parseConfig({ data: { source: 'jsonl', path: train, evalPath: held, datasetSize: 2 } });
    const src = trainPrompts(cfg);
    expect(src.get(0)).toEqual({ text: 'write a haiku', input: 'write a haiku', meta: { line: 1, topic: 'poetry' } });
    expect(src.get(3).text).toBe('sort b a');
    expect(evalPrompts(cfg, 2).map((p) => p.text)).toEqual(['name a fruit', 'name a fruit']);
    expect(vocabularyFor(cfg)).toEqual(expect.arrayContaining(['haiku', 'fruit', '0', '9']));
  });

  it('data - a bad line fails with the file and line number', () => {
    const bad = file('bad.jsonl', '{"prompt": "ok"}\n{"text": "no prompt"}\n');
    expect(() => readJsonlPrompts(bad)).toThrow(`${bad}:2: prompt:`);
    const notJson = file('nj.jsonl', '{"prompt": "ok"}\n{oops\n');
    expect(() => readJsonlPrompts(notJson)).toThrow(`${notJson}:2: not JSON`);
  });

  it('data - source jsonl without a path is a config error naming data.path', () => {
    expect(() => parseConfig({ data: { source: 'jsonl' } }, 'x.yaml')).toThrow("x.yaml: data.path: data.source 'jsonl' needs data.path");
  });
});
