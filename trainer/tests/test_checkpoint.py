"""SaveCheckpoint / LoadCheckpoint: exact round trip, refusal of other models, atomic dirs."""

import json

import numpy as np
import pytest
import torch

from conftest import fixed_batch, load, params_of
from tribunal_trainer.errors import TrainerError


def train_steps(e, b, n):
    for _ in range(n):
        e.forward_backward(b, loss="cross_entropy")
        e.optim_step()


@pytest.mark.parametrize("lora", [0, 4])
def test_round_trip(qwen_dir, tmp_path, lora):
    e = load(qwen_dir, train=True, lr=2e-2, lora_rank=lora)
    b = fixed_batch()
    train_steps(e, b, 2)
    size = e.save_checkpoint(str(tmp_path / "ck"), '{"round": 2}')
    assert size > 0 and sorted(p.name for p in (tmp_path / "ck").iterdir()) == ["optimizer.pt", "rng.json", "trainer_state.json", "weights.safetensors"]
    at_save = e.logprobs(b)
    torch_rng = torch.get_rng_state()
    train_steps(e, b, 2)
    assert np.abs(e.logprobs(b) - at_save).max() > 1e-4
    meta, step = e.load_checkpoint(str(tmp_path / "ck"))
    assert meta == '{"round": 2}' and step == 2 and e.info()["optimizer_step"] == 2
    assert np.array_equal(e.logprobs(b), at_save)
    assert torch.equal(torch.get_rng_state(), torch_rng)
    # the optimizer state came back too: the next step equals a fresh run's third step
    ref = load(qwen_dir, train=True, lr=2e-2, lora_rank=lora)
    train_steps(ref, b, 3)
    train_steps(e, b, 1)
    pa, pb = params_of(ref), params_of(e)
    assert max((pa[k] - pb[k]).abs().max().item() for k in pa) < 1e-6


def test_refuses_other_model_and_changes_nothing(qwen_dir, llama_dir, tmp_path):
    q = load(qwen_dir, train=True)
    train_steps(q, fixed_batch(), 1)
    q.save_checkpoint(str(tmp_path / "q"), "")
    lo = load(qwen_dir, train=True, lora_rank=4)
    for engine, words in [(load(llama_dir, train=True), "base_model"), (lo, "lora")]:
        before = params_of(engine)
        with pytest.raises(TrainerError) as e:
            engine.load_checkpoint(str(tmp_path / "q"))
        assert e.value.code == "BAD_CONFIG" and "another model or config" in str(e.value) and words in str(e.value)
        assert all(torch.equal(before[k], v) for k, v in params_of(engine).items())
        assert engine.info()["optimizer_step"] == 0


def test_missing_checkpoint_is_not_found(qwen_dir, tmp_path):
    e = load(qwen_dir, train=True)
    with pytest.raises(TrainerError) as err:
        e.load_checkpoint(str(tmp_path / "none"))
    assert err.value.code == "NOT_FOUND" and err.value.status == "NOT_FOUND"


def test_save_replaces_atomically(qwen_dir, tmp_path):
    e = load(qwen_dir, train=True)
    e.save_checkpoint(str(tmp_path / "ck"), "a")
    e.save_checkpoint(str(tmp_path / "ck"), "b")
    assert json.loads((tmp_path / "ck" / "trainer_state.json").read_text())["meta_json"] == "b"
    assert [p.name for p in tmp_path.iterdir()] == ["ck"]  # no temp dirs left
