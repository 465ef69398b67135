// Packs (prompt, completion) token sequences into right-padded next-token
// arrays for one forward pass. Right padding needs no attention mask: causal
// attention never lets a real position see the pads after it.
import { TribunalError } from '../../core/errors.ts';
import { BOS_ID, EOS_ID, PAD_ID, type WordTokenizer } from './tokenizer.ts';
import type { TextPair, TokenSequence } from '../../engines/types.ts';

export interface PackedBatch {
  batch: number;
  /** Positions per row (longest sequence minus one). */
  length: number;
  /** Input tokens [B, L], row-major. */
  inputsBL: Int32Array;
  /** Next token at each position [B, L]. */
  targetsBL: Int32Array;
  /** 1 where the target is a completion token, else 0 [B, L]. */
  maskBL: Float32Array;
  /** Row b's completion token t sits at flat index completionStart[b] + t. */
  completionStart: Int32Array;
}

export function checkTokenIds(ids: Int32Array, vocabSize: number): void {
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= vocabSize) throw new TribunalError('BAD_MESSAGE', `token id ${ids[i]} outside vocabulary of ${vocabSize}`);
  }
}

/** Throws BAD_MESSAGE for ids outside the vocabulary, BAD_CONFIG for sequences past maxSeqLen. */
export function packSequences(seqs: readonly TokenSequence[], vocabSize: number, maxSeqLen: number): PackedBatch {
  let longest = 2;
  for (const s of seqs) {
    const n = s.promptTokens.length + s.tokensT.length;
    if (s.promptTokens.length === 0) throw new TribunalError('BAD_MESSAGE', 'sequence has an empty prompt');
    if (n > maxSeqLen) {
      throw new TribunalError('BAD_CONFIG', `sequence of ${n} tokens exceeds the model's maxSeqLen ${maxSeqLen}`);
    }
    checkTokenIds(s.promptTokens, vocabSize);
    checkTokenIds(s.tokensT, vocabSize);
    longest = Math.max(longest, n);
  }
  const length = longest - 1;
  const b = seqs.length;
  const inputsBL = new Int32Array(b * length).fill(PAD_ID);
  const targetsBL = new Int32Array(b * length).fill(PAD_ID);
  const maskBL = new Float32Array(b * length);
  const completionStart = new Int32Array(b);
  for (let r = 0; r < b; r++) {
    const { promptTokens: p, tokensT: c } = seqs[r];
    const full = new Int32Array(p.length + c.length);
    full.set(p, 0);
    full.set(c, p.length);
    const row = r * length;
    for (let i = 0; i + 1 < full.length; i++) {
      inputsBL[row + i] = full[i];
      targetsBL[row + i] = full[i + 1];
    }
    // Completion token t is predicted at position p.length - 1 + t.
    completionStart[r] = row + p.length - 1;
    for (let t = 0; t < c.length; t++) maskBL[row + p.length - 1 + t] = 1;
  }
  return { batch: b, length, inputsBL, targetsBL, maskBL, completionStart };
}

/** <bos> + input words as the prompt, target words + <eos> as the completion. */
export function textPairSequence(tok: WordTokenizer, p: TextPair): TokenSequence {
  return { promptTokens: Int32Array.from([BOS_ID, ...tok.encode(p.input)]), tokensT: Int32Array.from([...tok.encode(p.target), EOS_ID]) };
}

/** Per-completion-token values laid out at their [B, L] target positions (0 elsewhere). */
export function spreadCompletions(packed: PackedBatch, valuesB: readonly ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(packed.batch * packed.length);
  valuesB.forEach((vals, r) => {
    for (let t = 0; t < vals.length; t++) out[packed.completionStart[r] + t] = vals[t];
  });
  return out;
}

/** Per-sequence completion values out of a flat [B, L] array. */
export function unpackCompletions(packed: PackedBatch, seqs: readonly TokenSequence[], flatBL: Float32Array): Float32Array[] {
  return seqs.map((s, r) => flatBL.slice(packed.completionStart[r], packed.completionStart[r] + s.tokensT.length));
}
