import { describe, expect, it } from 'vitest';
import { isTribunalError } from '../../src/core/errors.ts';
import { resolveModelSpec } from '../../src/backends/builtin/model-config.ts';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID, WordTokenizer } from '../../src/backends/builtin/tokenizer.ts';

describe('builtin tokenizer', () => {
  it('builtin tokenizer - round trips words and reserves the specials', () => {
    const tok = new WordTokenizer(['the', 'cat', 'sat', 'cat', '<eos>']);
    expect(tok.size).toBe(7); // 4 specials + 3 distinct words
    expect([PAD_ID, BOS_ID, EOS_ID, UNK_ID]).toEqual([0, 1, 2, 3]);
    const ids = tok.encode('  the cat\tsat\n');
    expect(Array.from(ids)).toEqual([4, 5, 6]);
    expect(tok.decode(ids)).toBe('the cat sat');
  });

  it('builtin tokenizer - maps unknown words to <unk> and drops pad/bos/eos on decode', () => {
    const tok = new WordTokenizer(['a', 'b']);
    expect(Array.from(tok.encode('a zebra b'))).toEqual([4, UNK_ID, 5]);
    expect(tok.decode(Int32Array.from([BOS_ID, 4, UNK_ID, 5, EOS_ID, PAD_ID]))).toBe('a <unk> b');
  });
});

describe('builtin model config', () => {
  const vocab = ['x', 'y', 'z'];
  it('builtin model config - applies defaults and fingerprints shape, not seed', () => {
    const a = resolveModelSpec({}, vocab);
    expect(a).toMatchObject({ dModel: 32, layers: 2, heads: 2, ffMult: 4, maxSeqLen: 64, seed: 1, vocabSize: 7 });
    expect(resolveModelSpec({ seed: 9 }, vocab).shapeKey).toBe(a.shapeKey);
    expect(resolveModelSpec({ dModel: 16 }, vocab).shapeKey).not.toBe(a.shapeKey);
    expect(resolveModelSpec({ tieEmbeddings: false }, vocab).shapeKey).not.toBe(a.shapeKey);
    // Same size, different words: token meanings differ, so weights must not be shared.
    expect(resolveModelSpec({}, ['x', 'y', 'w']).shapeKey).not.toBe(a.shapeKey);
    expect(resolveModelSpec({ vocab }).shapeKey).toBe(a.shapeKey);
  });

  it('builtin model config - refuses a missing vocabulary and indivisible heads', () => {
    expect(() => resolveModelSpec({})).toThrow(/no vocabulary/);
    try {
      resolveModelSpec({ dModel: 30, heads: 4 }, vocab);
      expect.unreachable();
    } catch (e) {
      expect(isTribunalError(e, 'BAD_CONFIG')).toBe(true);
    }
  });
});
