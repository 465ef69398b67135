// Gold labels are paid for once: a window of requests, failures counted and
// asked again next time, invalid verdicts cached and left out, gold's cost
// summed over runs, and concurrent cache rows never interleaved.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Judge, JudgeItem } from '../../src/engines/types.ts';
import type { Verdict } from '../../src/wire/messages.ts';
import { labelWithGold } from '../../src/study/gold-labels.ts';
import { JsonlWriter, readJsonlRows } from '../../src/core/jsonl-writer.ts';
import { NoopLogger } from '../../src/core/logger.ts';

/** Scores a response by its length; 'bad' is an invalid verdict, 'fail' throws (until healed), every call counted. */
class ScriptedGold implements Judge {
  readonly mode = 'pointwise' as const;
  asked: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  healed = false;
  async scorePointwise(items: JudgeItem[]): Promise<Verdict[]> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, 2 + (items[0].response.length % 5)));
      const { response } = items[0];
      this.asked.push(response);
      if (response.startsWith('fail') && !this.healed) throw new Error('503 from gold');
      if (response.startsWith('bad')) return [{ valid: false, score: null, expected: null, distribution: null, reasoningTokens: 0 }];
      return [{ valid: true, score: response.length % 10, expected: null, distribution: null, reasoningTokens: 3, reasoningText: `about ${response}` }];
    } finally {
      this.inFlight--;
    }
  }
  async comparePair(): Promise<{ pA: number | null; reasoningTokens: number }> { return { pA: null, reasoningTokens: 0 }; }
  usageSnapshot() { return { requests: this.asked.length, completionTokens: 10 * this.asked.length }; }
  async close() {}
}

const pair = (response: string, i: number) => ({ prompt: `p${i % 7}`, response, side: 'chosen' as const, line: i + 1 });

describe('study - gold labels', () => {
  it('study - labels once, counts invalid and failed, asks only the failed again, and sums gold\'s cost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribunal-labels-'));
    const files = { cache: join(dir, 'gold-labels.jsonl'), usage: join(dir, 'gold-usage.json') };
    const pairs = Array.from({ length: 100 }, (_, i) => pair(i % 10 === 0 ? `fail ${i}` : i % 10 === 1 ? `bad ${i}` : `ok ${'x'.repeat(i)}`, i));
    const gold = new ScriptedGold();
    const first = await labelWithGold(pairs, gold, files, { concurrency: 8, log: NoopLogger });
    expect(gold.maxInFlight).toBe(8);
    expect(first).toMatchObject({ invalid: 10, failed: 10 });
    expect(first.examples).toHaveLength(80);
    expect(first.examples[0]).toEqual({ prompt: 'p2', response: pairs[2].response, gold: pairs[2].response.length % 10, reasoning: `about ${pairs[2].response}` });
    expect(first.usage).toEqual({ requests: 100, completionTokens: 1000 });

    const again = new ScriptedGold();
    again.healed = true;
    const second = await labelWithGold(pairs, again, files, { log: NoopLogger });
    expect(again.asked.sort()).toEqual(pairs.filter((p) => p.response.startsWith('fail')).map((p) => p.response).sort());
    expect(second).toMatchObject({ invalid: 10, failed: 0 });
    expect(second.examples).toHaveLength(90);
    // The examples follow the file's order, whatever order gold answered in.
    expect(second.examples.map((e) => e.response)).toEqual(pairs.filter((p) => !p.response.startsWith('bad')).map((p) => p.response));
    expect(JSON.parse(readFileSync(files.usage, 'utf8'))).toEqual({ requests: 110, completionTokens: 1100 });
  });

  it('core - rows written at once land whole, one per line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tribunal-jsonl-')), 'rows.jsonl');
    const w = new JsonlWriter(file);
    await Promise.all(Array.from({ length: 200 }, (_, i) => w.write({ i, text: String(i).repeat(20_000) })));
    const rows = readJsonlRows<{ i: number; text: string }>(file);
    expect(rows.map((r) => r.i)).toEqual([...Array(200).keys()]);
    expect(rows.every((r) => r.text === String(r.i).repeat(20_000))).toBe(true);
  });
});
