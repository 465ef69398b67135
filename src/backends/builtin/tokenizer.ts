// Word-level tokenizer over a caller-supplied vocabulary (the synthetic world's
// word list). Knows nothing of models; ids 0..3 are reserved specials.

export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const UNK_ID = 3;
export const SPECIAL_TOKENS = ['<pad>', '<bos>', '<eos>', '<unk>'] as const;

export class WordTokenizer {
  /** id -> word; specials first, then the vocabulary in the given order. */
  readonly words: readonly string[];
  private readonly ids: Map<string, number>;

  /**
   * @param vocab words in id order (after the specials). Duplicates and the
   *   specials' own spellings are skipped, so ids stay dense and unique.
   */
  constructor(vocab: readonly string[]) {
    const words: string[] = [...SPECIAL_TOKENS];
    const ids = new Map<string, number>(words.map((w, i) => [w, i]));
    for (const w of vocab) {
      if (w.length === 0 || /\s/.test(w) || ids.has(w)) continue;
      ids.set(w, words.length);
      words.push(w);
    }
    this.words = words;
    this.ids = ids;
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number {
    return this.ids.get(word) ?? UNK_ID;
  }

  /** Whitespace split; unknown words become <unk>. Adds no <bos>/<eos>. */
  encode(text: string): Int32Array {
    const parts = text.split(/\s+/).filter((w) => w.length > 0);
    const out = new Int32Array(parts.length);
    for (let i = 0; i < parts.length; i++) out[i] = this.id(parts[i]);
    return out;
  }

  /** Space-joined words; <pad>, <bos> and <eos> are dropped, <unk> is kept. */
  decode(ids: ArrayLike<number>): string {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === PAD_ID || id === BOS_ID || id === EOS_ID) continue;
      out.push(this.words[id] ?? '<unk>');
    }
    return out.join(' ');
  }
}
