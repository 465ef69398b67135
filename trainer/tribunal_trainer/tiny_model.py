"""Write a tiny random-init causal LM + tokenizer dir for tests, offline.

    python -m tribunal_trainer.tiny_model --out DIR [--arch qwen2|llama] [--seed N] [--hidden H --layers L [--heads N]]
                                          [--words-file FILE]

The model (by default hidden 64, 2 layers, 4 heads, vocab 512, ~0.15M params;
--hidden/--layers make a wider or deeper one: hidden / 64 heads of dim 64 from
256 on unless --heads says, 2 key-value heads, an MLP of 8/3 the width, e.g.
384 x 4: 6.7M) is saved with safetensors. The tokenizer is a byte-level BPE
(Qwen2's pre-tokenizer, so every digit 0-9 is one token) trained here on a
fixed word list; or, with --words-file (one word per line), a word-level one
that gives each of those words exactly one token (whitespace-split, unknown
words [UNK]), as a closed world's own vocabulary does, so that copying a word
is copying a token. Both have [PAD]/[EOS]/[UNK]/[BOS] specials (ids 0-3),
wrapped in PreTrainedTokenizerFast, and no chat template. A word-level
tokenizer needs --arch llama: transformers 5 rebuilds any qwen2 tokenizer as
Qwen2's byte-level BPE. Nothing is downloaded. Used by the Python tests (conftest.py) and the
TypeScript tests' fixtures; it is not part of serving.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

WORDS = (
    "the a an and or but if then so of to in on at by for with from as is are was were be been "
    "it this that these those i you he she we they me him her us them my your his its our their "
    "cat dog bird fish cow horse mouse lion tiger bear wolf fox owl frog snake duck goat sheep pig hen "
    "sat ran saw ate had made said went came took gave got put set let ask say see go come take "
    "red blue green black white big small old new good bad hot cold fast slow long short high low "
    "one two three four five six seven eight nine ten zero yes no not all some many few more most "
    "house tree road sky sun moon star rain snow wind sea river hill field door window room table chair "
    "book word name time day night year man woman child friend king queen apple bread milk water fire "
    "answer question score judge good best worst true false maybe right left up down here there now "
    "0 1 2 3 4 5 6 7 8 9 . , ! ? : ; + - = ( )"
).split()
SPECIALS = ["[PAD]", "[EOS]", "[UNK]", "[BOS]"]
TOKENIZER_SIZE = 480  # 4 specials + 256 bytes + merges
VOCAB_SIZE = 512  # model embedding rows (>= tokenizer size)
# Qwen2's pre-tokenizer, so that transformers' Qwen2Tokenizer (which AutoTokenizer
# always picks for model_type qwen2) rebuilds exactly this tokenizer.
PRETOKENIZE_REGEX = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""


def build_tokenizer():
    """A byte-level BPE tokenizer (Qwen2-style pre-tokenizer) trained here on WORDS."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None, fuse_unk=False, byte_fallback=False))
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(PRETOKENIZE_REGEX), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=TOKENIZER_SIZE,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    corpus = [" ".join(WORDS)] + [f"{a} {b}" for a in WORDS for b in WORDS[:40]]
    tok.train_from_iterator(corpus, trainer=trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        pad_token="[PAD]",
        eos_token="[EOS]",
        unk_token="[UNK]",
        bos_token="[BOS]",
    )


def build_word_tokenizer(words: list[str]):
    """A word-level tokenizer: the specials (ids 0-3), then each distinct word once, in order; split on whitespace."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab: dict[str, int] = {}
    for w in [*SPECIALS, *words]:
        if any(c.isspace() for c in w) or not w:
            raise ValueError(f"word {w!r}: a word-level vocabulary holds words without whitespace")
        vocab.setdefault(w, len(vocab))
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    # Joins the words with single spaces (a word that began with "##" would be glued to the one before; none does).
    tok.decoder = decoders.WordPiece(prefix="##", cleanup=False)
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", eos_token="[EOS]", unk_token="[UNK]", bos_token="[BOS]")


def embedding_rows(tokens: int) -> int:
    """Embedding rows for a tokenizer of `tokens` ids: rounded up to a multiple of 64."""
    return 64 * -(-tokens // 64)


def shape(hidden: int = 64, layers: int = 2, heads: int = 0) -> dict:
    """Width, depth and heads: the small default (64 x 2, 4 heads, MLP 128), or a Llama-like shape for wider ones (heads of dim 64 unless `heads`)."""
    if heads and hidden % heads:
        raise ValueError(f"hidden {hidden} is not divisible by {heads} heads")
    if hidden < 256:
        heads = heads or 4
        return dict(hidden_size=hidden, intermediate_size=2 * hidden, num_hidden_layers=layers, num_attention_heads=heads,
                    num_key_value_heads=2 if heads % 2 == 0 else heads)
    if hidden % 64 and not heads:
        raise ValueError(f"hidden {hidden}: from 256 on, a multiple of 64 (heads of dim 64), or give --heads")
    heads = heads or hidden // 64
    return dict(hidden_size=hidden, intermediate_size=64 * round(8 * hidden / 3 / 64), num_hidden_layers=layers,
                num_attention_heads=heads, num_key_value_heads=2 if heads % 2 == 0 else heads)


def build_config(arch: str, vocab_size: int = VOCAB_SIZE, tie: bool = False, hidden: int = 64, layers: int = 2, heads: int = 0):
    common = dict(
        vocab_size=vocab_size,
        **shape(hidden, layers, heads),
        max_position_embeddings=256,
        pad_token_id=0,
        eos_token_id=1,
        bos_token_id=3,
        tie_word_embeddings=tie,
    )
    if arch == "qwen2":
        from transformers import Qwen2Config

        return Qwen2Config(**common)
    if arch == "llama":
        from transformers import LlamaConfig

        return LlamaConfig(**common)
    raise ValueError(f"unknown arch {arch!r} (qwen2 | llama)")


def write_tiny_model(out: str | Path, arch: str = "qwen2", seed: int = 0, vocab_size: int = VOCAB_SIZE, tie: bool = False,
                     hidden: int = 64, layers: int = 2, heads: int = 0, words: list[str] | None = None) -> Path:
    import torch
    from transformers import AutoModelForCausalLM

    if words is not None and arch != "llama":
        raise ValueError(f"a word-level tokenizer needs arch llama (transformers rebuilds every {arch} tokenizer as its own byte-level BPE)")
    tokenizer = build_word_tokenizer(words) if words is not None else build_tokenizer()
    if words is not None:
        vocab_size = embedding_rows(len(tokenizer))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    config = build_config(arch, vocab_size, tie, hidden, layers, heads)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    # Larger-than-default init so the random model's distribution is far from uniform.
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() == 2:
                p.normal_(0.0, 0.2)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tribunal_trainer.tiny_model", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="directory to write (created)")
    ap.add_argument("--arch", default="qwen2", choices=["qwen2", "llama"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tie", action="store_true", help="tie the input embedding and lm_head")
    ap.add_argument("--hidden", type=int, default=64, help="hidden size (from 256 on, a multiple of 64)")
    ap.add_argument("--layers", type=int, default=2, help="decoder layers")
    ap.add_argument("--heads", type=int, default=0, help="attention heads (0: hidden / 64 from 256 on, else 4)")
    ap.add_argument("--words-file", help="a word-level tokenizer of these words (one per line) instead of the BPE; needs --arch llama")
    args = ap.parse_args(argv)
    words = [w for w in Path(args.words_file).read_text(encoding="utf-8").split("\n") if w] if args.words_file else None
    try:
        path = write_tiny_model(args.out, args.arch, args.seed, tie=args.tie, hidden=args.hidden, layers=args.layers, heads=args.heads, words=words)
    except ValueError as e:
        print(f"tiny_model: {e}", file=sys.stderr)
        return 2
    print(json.dumps({"event": "tiny_model", "dir": str(path.resolve()), "arch": args.arch, "seed": args.seed, "hidden": args.hidden,
                      "layers": args.layers, "heads": args.heads, "words": len(words) if words is not None else None}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
