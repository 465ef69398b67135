"""The tiny model maker: the word-level tokenizer of a closed world, and heads."""

from __future__ import annotations

import json

import pytest
from transformers import AutoConfig, AutoTokenizer

from tribunal_trainer.tiny_model import embedding_rows, main, write_tiny_model

WORDS = ["|", "score", "write", "about", "cats", "cat", "a", "0", "1", "2", "9", "A", "B", "don't"]


@pytest.fixture(scope="module")
def word_dir(tmp_path_factory):
    return write_tiny_model(tmp_path_factory.mktemp("words") / "m", arch="llama", seed=4, words=WORDS)


def test_each_word_is_one_token_and_text_round_trips(word_dir):
    tok = AutoTokenizer.from_pretrained(word_dir)
    for i, w in enumerate(WORDS):
        assert tok(w, add_special_tokens=False)["input_ids"] == [4 + i], w
    text = "write about cats | cat 2 | score 9"
    ids = tok(text, add_special_tokens=False)["input_ids"]
    assert len(ids) == len(text.split())
    assert tok.decode(ids) == text
    assert tok.decode([*ids, tok.eos_token_id], skip_special_tokens=True) == text
    assert (tok.pad_token_id, tok.eos_token_id, tok.unk_token_id, tok.bos_token_id) == (0, 1, 2, 3)
    assert tok("dogs", add_special_tokens=False)["input_ids"] == [tok.unk_token_id]


def test_word_model_has_rows_for_every_token(word_dir):
    cfg = AutoConfig.from_pretrained(word_dir)
    assert cfg.model_type == "llama"
    assert cfg.vocab_size == embedding_rows(4 + len(WORDS)) == 64


def test_word_tokenizer_refuses_qwen2_and_whitespace(tmp_path):
    with pytest.raises(ValueError, match="needs arch llama"):
        write_tiny_model(tmp_path / "q", arch="qwen2", words=WORDS)
    with pytest.raises(ValueError, match="without whitespace"):
        write_tiny_model(tmp_path / "w", arch="llama", words=["two words"])


def test_heads_and_words_file_from_the_command_line(tmp_path, capsys):
    words = tmp_path / "words.txt"
    words.write_text("\n".join(WORDS) + "\n")
    assert main(["--out", str(tmp_path / "m"), "--arch", "llama", "--hidden", "320", "--layers", "1", "--heads", "5", "--words-file", str(words)]) == 0
    event = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert event["words"] == len(WORDS) and event["heads"] == 5
    cfg = AutoConfig.from_pretrained(tmp_path / "m")
    assert (cfg.hidden_size, cfg.num_attention_heads, cfg.num_key_value_heads) == (320, 5, 5)
    assert main(["--out", str(tmp_path / "q"), "--arch", "qwen2", "--words-file", str(words)]) == 2
    assert "needs arch llama" in capsys.readouterr().err
