import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuiltinJudge } from '../../src/backends/builtin/judge.ts';
import { BuiltinSampler } from '../../src/backends/builtin/sampler.ts';
import { EOS_ID, BOS_ID, WordTokenizer } from '../../src/backends/builtin/tokenizer.ts';
import { judgeSftPair, saveWeights, trainJudge } from '../../src/study/train-judge.ts';
import { BuiltinTrainer } from '../../src/backends/builtin/trainer.ts';
import { BuiltinEngineConfig } from '../../src/config/engines/builtin.ts';
import { judgeInput } from '../../src/testbed/format.ts';
import { makeJudgeData } from '../../src/testbed/offpolicy.ts';
import { testbedVocabulary } from '../../src/testbed/vocabulary.ts';
import { labelledFromTestbed } from '../../src/study/study-world.ts';

const vocab = testbedVocabulary();
const model = { dModel: 16, layers: 1, heads: 2, ffMult: 2, maxSeqLen: 40, seed: 4 };
const engine = BuiltinEngineConfig.parse({ backend: 'builtin', ...model });
const raw = makeJudgeData({ seed: 4, count: 40 });
const data = raw.map(labelledFromTestbed);

describe('train judge', () => {
  it('train judge - SFT sequences: <bos> + judge input, then the target and <eos>', async () => {
    const tok = new WordTokenizer(vocab);
    const ex = data[0];
    const trainer = await BuiltinTrainer.create({ model, vocab });
    const [direct, reasoning] = await trainer.encode([judgeSftPair('direct', ex), judgeSftPair('reasoning', ex)]);
    await trainer.close();
    expect([...direct.promptTokens]).toEqual([BOS_ID, ...tok.encode(judgeInput(ex.prompt, ex.response))]);
    expect(tok.decode(direct.tokensT)).toBe(String(ex.gold));
    expect(direct.tokensT.at(-1)).toBe(EOS_ID);
    expect(tok.decode(reasoning.tokensT)).toBe(`${raw[0].trace.join(' ')} score ${ex.gold}`);
    expect(reasoning.promptTokens).toEqual(direct.promptTokens);
  });

  it('train judge - one loss per step, falling; weights a BuiltinJudge and a sampler can load', async () => {
    const steps: [number, number][] = [];
    const { weights: exported, losses } = await trainJudge({
      mode: 'reasoning', engine, vocab, examples: data, epochs: 6, batchSize: 16, lr: 1e-2, seed: 1,
      onProgress: (epoch, step) => steps.push([epoch, step]),
    });
    const weights = exported.blob!;
    expect(losses).toHaveLength(6 * 3);
    expect(steps).toEqual([...Array(18).keys()].map((s) => [Math.floor(s / 3), s]));
    expect(losses.at(-1)!).toBeLessThan(losses[0] * 0.7);

    const dir = await mkdtemp(path.join(tmpdir(), 'tribunal-judge-'));
    try {
      const file = path.join(dir, 'judges', 'reasoning.weights');
      await saveWeights(file, weights);
      const blob = new Uint8Array(await readFile(file));
      expect(Buffer.from(blob).equals(Buffer.from(weights))).toBe(true);
      const judge = await BuiltinJudge.open({ model, vocab, judgeMode: 'reasoning', maxReasoningTokens: 12 }, blob);
      const sampler = await BuiltinSampler.create({ model, vocab });
      await sampler.loadWeights(1, blob);
      expect((await judge.scorePointwise([{ prompt: data[0].prompt, response: data[0].response }]))).toHaveLength(1);
      await judge.close();
      await sampler.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('train judge - same seed, same weights', async () => {
    const opts = { mode: 'direct' as const, engine, vocab, examples: data.slice(0, 16), epochs: 1, batchSize: 8, lr: 1e-2, seed: 7 };
    const a = await trainJudge(opts);
    const b = await trainJudge(opts);
    expect(b.losses).toEqual(a.losses);
    expect(Buffer.from(b.weights.blob!).equals(Buffer.from(a.weights.blob!))).toBe(true);
  });

  it('train judge - two judges trained side by side (each on its own thread) come out as each does alone', async () => {
    const direct = { mode: 'direct' as const, engine, vocab, examples: data.slice(0, 16), epochs: 1, batchSize: 8, lr: 1e-2, seed: 7 };
    const reasoning = { ...direct, mode: 'reasoning' as const, seed: 8 };
    const alone = [await trainJudge(direct), await trainJudge(reasoning)];
    const together = await Promise.all([trainJudge(direct), trainJudge(reasoning)]);
    for (const [i, t] of together.entries()) {
      expect(t.losses).toEqual(alone[i].losses);
      expect(Buffer.from(t.weights.blob!).equals(Buffer.from(alone[i].weights.blob!))).toBe(true);
    }
  });

  it('train judge - refuses bad settings', async () => {
    await expect(trainJudge({ mode: 'direct', engine, vocab, examples: [], epochs: 1, batchSize: 8, lr: 1e-2, seed: 1 })).rejects.toThrow(/no examples/);
    await expect(trainJudge({ mode: 'direct', engine, vocab, examples: data, epochs: 1, batchSize: 0, lr: 1e-2, seed: 1 })).rejects.toThrow(/batchSize/);
  });
});
