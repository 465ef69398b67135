// Data as the field keeps it: a Parquet file and a datasets save_to_disk dir
// (Arrow IPC stream files named in state.json, as datasets lays them out),
// read into JSONL with a field mapping, nested conversations kept; tribunal run
// and study convert them at start, `tribunal data` by hand; an actor that meets
// an unconverted one says how.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { Field, List, Struct, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { readTabular, tabularKind } from '../../src/data/tabular.ts';
import { withJsonlData } from '../../src/launcher/tabular-inputs.ts';
import { parseConfig } from '../../src/config/load.ts';
import { readJsonlPrompts } from '../../src/data/jsonl-prompts.ts';
import { readPreferencePairs } from '../../src/data/preference-pairs.ts';
import { main } from '../../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'tribunal-tabular-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parquet = join(dir, 'train.parquet');
writeFileSync(parquet, Buffer.from(parquetWriteBuffer({
  columnData: [
    { name: 'question', data: ['write about cats', 'count to three', 'name a color'], type: 'STRING' },
    { name: 'level', data: [1, 2, 3], type: 'INT32' },
  ],
})));

// A preference dataset as datasets' save_to_disk writes it: conversations as lists of {role, content}.
const prefsDir = join(dir, 'prefs');
mkdirSync(prefsDir);
const conv = (q: string, a: string) => [{ role: 'user', content: q }, { role: 'assistant', content: a }];
const turns = new List(new Field('item', new Struct([new Field('role', new Utf8()), new Field('content', new Utf8())])));
writeFileSync(join(prefsDir, 'data-00000-of-00001.arrow'), tableToIPC(new Table({
  id: vectorFromArray(['a', 'b'], new Utf8()),
  chosen: vectorFromArray([conv('hi', 'hello there'), conv('2+2?', '4')], turns),
  rejected: vectorFromArray([conv('hi', 'go away'), conv('2+2?', '5')], turns),
}), 'stream'));
writeFileSync(join(prefsDir, 'state.json'), JSON.stringify({ _data_files: [{ filename: 'data-00000-of-00001.arrow' }], _split: 'train' }));
writeFileSync(join(prefsDir, 'dataset_info.json'), '{}');

describe('data - Parquet and datasets inputs', () => {
  it('a Parquet file reads with its columns mapped; a datasets dir with its conversations nested', async () => {
    expect(tabularKind(parquet)).toBe('parquet');
    expect(tabularKind(prefsDir)).toBe('datasets');
    expect(tabularKind(join(dir, 'nope.jsonl'))).toBeNull();
    expect(await readTabular(parquet, { prompt: 'question' })).toEqual([
      { prompt: 'write about cats', level: 1 }, { prompt: 'count to three', level: 2 }, { prompt: 'name a color', level: 3 },
    ]);
    const prefs = await readTabular(prefsDir);
    expect(prefs[0]).toEqual({ id: 'a', chosen: conv('hi', 'hello there'), rejected: conv('hi', 'go away') });
    await expect(readTabular(parquet, { prompt: 'text' })).rejects.toThrow(/no column 'text' for field 'prompt' \(its columns: question, level\)/);
  });

  it('tribunal run converts them at start: the config then names JSONL under the run dir, which the prompt reader reads', async () => {
    const cfg = parseConfig({ run: { dir: join(dir, 'run') }, data: { source: 'jsonl', path: parquet, fields: { prompt: 'question' }, datasetSize: 3 } });
    const converted = await withJsonlData(cfg);
    expect(converted.data.path).toMatch(new RegExp(`^${join(dir, 'run', 'data')}/train-[0-9a-f]{8}\\.jsonl$`));
    expect(readJsonlPrompts(converted.data.path!).map((p) => p.text)).toEqual(['write about cats', 'count to three', 'name a color']);
    // Unchanged source: the same file, not written again; JSONL inputs pass through.
    expect((await withJsonlData(cfg)).data.path).toBe(converted.data.path);
    const jsonl = parseConfig({ data: { source: 'jsonl', path: converted.data.path } });
    expect(await withJsonlData(jsonl)).toBe(jsonl);
  });

  it('an actor given an unconverted Parquet file says how to convert it', () => {
    expect(() => readJsonlPrompts(parquet)).toThrow(/a Parquet input, which tribunal run and tribunal study read into JSONL at start; .*convert it first: tribunal data .*train\.parquet <out\.jsonl>/);
  });

  describe('tribunal data', () => {
    let out: string[] = [];
    beforeEach(() => { out = []; vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); }); vi.spyOn(console, 'error').mockImplementation(() => {}); });
    afterEach(() => vi.restoreAllMocks());

    it('writes a datasets dir as the JSONL the preference reader takes', async () => {
      const file = join(dir, 'prefs.jsonl');
      expect(await main(['data', prefsDir, file], { actorLoops: {} } as never)).toBe(0);
      expect(out).toEqual([`${file}: 2 rows`]);
      expect(readPreferencePairs(file).map((p) => [p.prompt, p.response, p.side])).toEqual([
        ['hi', 'hello there', 'chosen'], ['hi', 'go away', 'rejected'], ['2+2?', '4', 'chosen'], ['2+2?', '5', 'rejected'],
      ]);
      expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
      expect(await main(['data', parquet, join(dir, 'x.jsonl'), '--field', 'prompt'], { actorLoops: {} } as never)).toBe(2);
    });
  });
});
