import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinJudge, VALID_TOP_K } from '../../src/backends/builtin/judge.ts';
import { BOS_ID } from '../../src/backends/builtin/tokenizer.ts';
import { staticEval } from '../../src/study/static-eval.ts';
import { trainJudge } from '../../src/study/train-judge.ts';
import { judgeInput } from '../../src/testbed/format.ts';
import type { JudgeExample } from '../../src/testbed/offpolicy.ts';
import { referenceAnswer } from '../../src/testbed/task-spec.ts';
import { makePrompts } from '../../src/testbed/tasks.ts';
import { testbedVocabulary } from '../../src/testbed/vocabulary.ts';
import { BuiltinEngineConfig } from '../../src/config/engines/builtin.ts';
import { labelledFromTestbed } from '../../src/study/study-world.ts';
import type { LabelledExample } from '../../src/study/gold-labels.ts';

const builtinEngine = (m: object) => BuiltinEngineConfig.parse({ backend: 'builtin', ...m });

const vocab = testbedVocabulary();
const model = { dModel: 16, layers: 1, heads: 2, ffMult: 2, maxSeqLen: 32, seed: 2 };
/** A constant 6-word trace: a reasoning judge must write all of it before "score". */
const TRACE = ['task', 'ok', 'refuse', 'ok', 'end', 'ok'];

/** Reference answers, every other one opened with 'sure'; label 8 with 'sure', 2 without (a feature, not gold). */
function featureExamples(count: number, seed: number): LabelledExample[] {
  return makePrompts({ seed, split: 'judge', count }).map((prompt, i) => {
    const sure = i % 2 === 1;
    const answer = referenceAnswer(prompt.spec);
    return labelledFromTestbed({ prompt, response: sure ? `sure ${answer}` : answer, gold: sure ? 8 : 2, trace: TRACE, policy: 'good' });
  });
}

const heldOut = featureExamples(100, 9);
const items = heldOut.slice(0, 12).map((ex) => ({ prompt: ex.prompt, response: ex.response }));
const open: BuiltinJudge[] = [];
async function judge(judgeMode: 'direct' | 'reasoning', weights: Uint8Array | null, extra: { maxReasoningTokens?: number; reasoningTemperature?: number } = {}) {
  const j = await BuiltinJudge.open({ model, vocab, judgeMode, maxReasoningTokens: 8, ...extra }, weights);
  open.push(j);
  return j;
}
let directWeights: Uint8Array;
let reasoningWeights: Uint8Array;

describe('builtin judge', () => {
  beforeAll(async () => {
    const examples = featureExamples(96, 5);
    // Measured: direct reaches alpha ~0.88 after 6 epochs, reasoning ~0.96 after 15 (held-out, this feature).
    directWeights = (await trainJudge({ mode: 'direct', engine: builtinEngine(model), vocab, examples, epochs: 6, batchSize: 16, lr: 1e-2, seed: 1 })).weights.blob!;
    reasoningWeights = (await trainJudge({ mode: 'reasoning', engine: builtinEngine(model), vocab, examples, epochs: 15, batchSize: 16, lr: 1e-2, seed: 1 })).weights.blob!;
  });
  afterAll(async () => {
    while (open.length) await open.pop()!.close();
  });

  it('builtin judge - untrained direct verdicts: digit distributions sum to 1, expected in [0, 9], score the likeliest digit', async () => {
    const j = await judge('direct', null);
    const vs = await j.scorePointwise(items);
    expect(vs).toHaveLength(items.length);
    // Untrained, a digit may fall out of the top 20 tokens now and then (invalid); most verdicts are valid.
    expect(vs.filter((v) => v.valid).length).toBeGreaterThanOrEqual(items.length - 2);
    for (const v of vs.filter((x) => x.valid)) {
      const d = v.distribution!;
      expect(d).toHaveLength(10);
      expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(v.expected).toBeGreaterThanOrEqual(0);
      expect(v.expected).toBeLessThanOrEqual(9);
      expect(d.reduce((s, p, x) => s + x * p, 0)).toBeCloseTo(v.expected!, 5);
      expect(d[v.score!]).toBe(Math.max(...d));
      expect(v.reasoningTokens).toBe(0);
    }
  });

  it('builtin judge - valid iff some digit ranks in the top 20 tokens', async () => {
    const j = await judge('direct', null);
    const ids = Array.from({ length: 10 }, (_, d) => j.tokenizer.id(String(d)));
    const others = [...Array(j.tokenizer.size).keys()].filter((i) => !ids.includes(i));
    const dist = (digitP: number, ranked: number) => {
      const p = new Float32Array(j.tokenizer.size);
      for (let k = 0; k < ranked; k++) p[others[k]] = 0.05;
      p[ids[7]] = digitP;
      p[ids[3]] = digitP / 2;
      return p;
    };
    expect(j.verdictFromDistribution(dist(0.04, VALID_TOP_K - 1), 0).valid).toBe(true);
    const v = j.verdictFromDistribution(dist(0.04, VALID_TOP_K - 1), 3);
    expect(v.score).toBe(7);
    expect(v.expected).toBeCloseTo((7 * 2 + 3) / 3, 5);
    expect(v.reasoningTokens).toBe(3);
    expect(j.verdictFromDistribution(dist(0.04, VALID_TOP_K), 0)).toEqual({ valid: false, score: null, expected: null, distribution: null, reasoningTokens: 0 });
    expect(j.verdictFromDistribution(dist(0, 3), 0).valid).toBe(false);
  });

  it('builtin judge - input is <bos> + judgeInput; a response past the window keeps its first words', async () => {
    const j = await judge('reasoning', null);
    expect(j.inputTokens('sort c a b', 'a b c')).toEqual([BOS_ID, ...j.tokenizer.encode(judgeInput('sort c a b', 'a b c'))]);
    const long = Array.from({ length: 30 }, (_, i) => (i % 2 ? 'a' : 'b')).join(' ');
    const toks = j.inputTokens('sort c a b', long);
    expect(toks).toHaveLength(32 - 8 - 1); // maxSeqLen - maxReasoningTokens - "score"
    expect(j.tokenizer.decode(toks)).toBe(judgeInput('sort c a b', long.split(' ').slice(0, 23 - 8).join(' ')));
  });

  it('builtin judge - short direct SFT on a feature raises agreement with the label', async () => {
    const before = await staticEval(await judge('direct', null), heldOut);
    const after = await staticEval(await judge('direct', directWeights), heldOut);
    expect(before.alpha).toBeLessThan(0.3);
    expect(after.alpha).toBeGreaterThan(0.6);
    expect(after.invalidRate).toBe(0);
    expect(after.mae).toBeLessThan(1);
  });

  it('builtin judge - reasoning mode writes the trace, then reads the digit after "score"', async () => {
    const j = await judge('reasoning', reasoningWeights);
    const vs = await j.scorePointwise(items);
    expect(vs.every((v) => v.valid && v.reasoningTokens === TRACE.length)).toBe(true);
    const r = await staticEval(j, heldOut);
    expect(r.alpha).toBeGreaterThan(0.6);
    expect(r.meanReasoningTokens).toBeCloseTo(TRACE.length, 0);
  });

  it('builtin judge - reasoning without "score" within the budget is invalid', async () => {
    const j = await judge('reasoning', reasoningWeights, { maxReasoningTokens: TRACE.length - 1 });
    const vs = await j.scorePointwise(items);
    expect(vs.every((v) => !v.valid && v.expected === null && v.reasoningTokens === TRACE.length - 1)).toBe(true);
  });

  it('builtin judge - sampled traces (temperature > 0) stay well formed for a trained judge', async () => {
    const j = await judge('reasoning', reasoningWeights, { reasoningTemperature: 0.5 });
    const vs = await j.scorePointwise(items);
    expect(vs.filter((v) => v.valid).length).toBeGreaterThanOrEqual(items.length - 2);
  });

  it('builtin judge - duplicates share one verdict; loading weights forgets cached verdicts', async () => {
    const j = await judge('direct', null);
    const [a, b] = await j.scorePointwise([items[0], items[0]]);
    expect(b).toEqual(a);
    await j.loadWeights(1, directWeights);
    const [c] = await j.scorePointwise([items[0]]);
    expect(c.expected).not.toBeCloseTo(a.expected ?? -1, 3);
    expect(j.version).toBe(1);
  });

  it('builtin judge - comparePair is a logistic of the expected-score difference', async () => {
    const j = await judge('direct', directWeights);
    const prompt = items[0].prompt;
    const [va, vb] = await j.scorePointwise([items[0], { prompt, response: items[1].response }]);
    const { pA } = await j.comparePair(prompt, items[0].response, items[1].response);
    expect(pA).toBeCloseTo(1 / (1 + Math.exp(-(va.expected! - vb.expected!))), 6);
  });

  it('builtin judge - refuses a vocabulary without digits or "score"', async () => {
    await expect(BuiltinJudge.open({ model, vocab: ['a', 'b', '|'], judgeMode: 'direct' })).rejects.toThrow(/vocabulary lacks/);
  });
});
