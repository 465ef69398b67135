"""Load's validation: each bad input is one clear INVALID_ARGUMENT line, and the current model stays."""

import shutil

import numpy as np
import pytest

from conftest import fixed_batch, load
from tribunal_trainer.engine import LoadConfig
from tribunal_trainer.errors import TrainerError
from tribunal_trainer.tiny_model import write_tiny_model


def expect_bad(engine, cfg, *words, code="BAD_CONFIG"):
    with pytest.raises(TrainerError) as e:
        engine.load(cfg)
    msg = str(e.value)
    assert e.value.code == code and e.value.status == "INVALID_ARGUMENT", msg
    assert "\n" not in msg and all(w in msg for w in words), msg
    return msg


@pytest.fixture(scope="module")
def engine(qwen_dir):
    return load(qwen_dir)


def test_missing_dir(engine, tmp_path):
    expect_bad(engine, LoadConfig(model_dir=str(tmp_path / "nope")), "does not exist")
    expect_bad(engine, LoadConfig(model_dir=""), "model_dir is empty")


def test_not_a_causal_lm(engine, tmp_path):
    from transformers import BertConfig, BertModel

    d = tmp_path / "bert"
    BertModel(BertConfig(vocab_size=64, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32)).save_pretrained(d)
    expect_bad(engine, LoadConfig(model_dir=str(d)), "BertModel", "not a causal LM")


def test_no_config_and_no_safetensors(engine, qwen_dir, tmp_path):
    (tmp_path / "empty").mkdir()
    expect_bad(engine, LoadConfig(model_dir=str(tmp_path / "empty")), "no config.json")
    d = tmp_path / "nosafe"
    shutil.copytree(qwen_dir, d)
    (d / "model.safetensors").unlink()
    expect_bad(engine, LoadConfig(model_dir=str(d)), "no *.safetensors")


def test_tokenizer_bigger_than_embedding(engine, tmp_path):
    d = write_tiny_model(tmp_path / "small-vocab", vocab_size=300)  # the tokenizer has 480 tokens
    expect_bad(engine, LoadConfig(model_dir=str(d)), "480 tokens", "300 rows")


def test_lora_target_missing(engine, qwen_dir):
    msg = expect_bad(engine, LoadConfig(model_dir=str(qwen_dir), lora_rank=4, lora_targets=["q_proj", "c_attn"]), "'c_attn'", "not found", "Qwen2ForCausalLM")
    assert "q_proj" in msg  # names what the model has


def test_bad_optimizer_and_dtype(engine, qwen_dir):
    expect_bad(engine, LoadConfig(model_dir=str(qwen_dir), train=True, lr=0.0), "optimizer.lr")
    expect_bad(engine, LoadConfig(model_dir=str(qwen_dir), train=True, lr=1e-3, schedule="cosine"), "total_steps")
    expect_bad(engine, LoadConfig(model_dir=str(qwen_dir), dtype="int8"), "dtype")
    expect_bad(engine, LoadConfig(model_dir=str(qwen_dir), device="cuda:0"), "CUDA is not available")


def test_failed_load_keeps_current_model(engine, tmp_path):
    b = fixed_batch()
    before = engine.logprobs(b)
    with pytest.raises(TrainerError):
        engine.load(LoadConfig(model_dir=str(tmp_path / "missing")))
    assert engine.info()["architecture"] == "Qwen2ForCausalLM"
    assert np.array_equal(engine.logprobs(b), before)


def test_calls_before_load(tmp_path):
    from tribunal_trainer.engine import Engine

    e = Engine()
    info = e.info()
    assert info["model_dir"] == "" and info["torch_version"] and info["world_size"] == 1
    with pytest.raises(TrainerError) as err:
        e.logprobs(fixed_batch())
    assert err.value.code == "NOT_LOADED" and err.value.status == "FAILED_PRECONDITION"
