"""ExportWeights (lora / full) loads in peft and transformers; LoadWeights verifies before it changes anything."""

import json

import numpy as np
import pytest
import torch

from conftest import fixed_batch, load, params_of
from tribunal_trainer.digest import dir_digest
from tribunal_trainer.errors import TrainerError


def hf_logprobs(model, batch):
    """Completion logprobs straight from a transformers/peft model (temperature 1)."""
    out = []
    with torch.no_grad():
        for i in range(batch.size):
            seq = torch.as_tensor(batch.seq(i))[None]
            p = int(batch.prompt_lens[i])
            lp = torch.log_softmax(model(input_ids=seq).logits.float(), -1)[0]
            out.append(lp[p - 1 : -1].gather(-1, seq[0, p:, None]).squeeze(-1).numpy())
    return np.concatenate(out)


def trained(qwen_dir, **kw):
    e = load(qwen_dir, train=True, lr=5e-2, **kw)
    b = fixed_batch()
    for _ in range(2):
        e.forward_backward(b, loss="cross_entropy")
        e.optim_step()
    return e, b


@pytest.fixture(scope="module")
def lora_engine(qwen_dir):
    return trained(qwen_dir, lora_rank=4, lora_alpha=8)


@pytest.fixture(scope="module")
def full_engine(qwen_dir):
    return trained(qwen_dir)


def test_lora_export_loads_in_peft(lora_engine, qwen_dir, tmp_path):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    e, b = lora_engine
    ref = e.export_weights(str(tmp_path / "v1"), "lora", 1)
    names = sorted(p.name for p in (tmp_path / "v1").iterdir())
    assert names == ["adapter_config.json", "adapter_model.safetensors", "tribunal_weights.json"]
    assert ref["digest"] == dir_digest(tmp_path / "v1") and ref["kind"] == "lora" and ref["version"] == 1
    assert ref["base_model"] == "tiny-qwen2" and ref["bytes"] > 0
    base = AutoModelForCausalLM.from_pretrained(qwen_dir)
    base_lp = hf_logprobs(base, b)
    peft_model = PeftModel.from_pretrained(base, str(tmp_path / "v1")).eval()
    got = hf_logprobs(peft_model, b)
    assert np.abs(got - e.logprobs(b, temperature=1.0)).max() < 1e-5
    assert np.abs(got - base_lp).max() > 1e-3
    cfg = json.loads((tmp_path / "v1" / "adapter_config.json").read_text())
    assert cfg["r"] == 4 and cfg["peft_type"] == "LORA" and set(cfg["target_modules"]) == {"q_proj", "v_proj"}


def test_full_export_loads_in_transformers(full_engine, tmp_path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    e, b = full_engine
    ref = e.export_weights(str(tmp_path / "full"), "full", 7)
    files = {p.name for p in (tmp_path / "full").iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "generation_config.json"} <= files
    m = AutoModelForCausalLM.from_pretrained(str(tmp_path / "full"))
    assert np.abs(hf_logprobs(m, b) - e.logprobs(b, temperature=1.0)).max() < 1e-5
    assert len(AutoTokenizer.from_pretrained(str(tmp_path / "full"))) == len(e.state.tokenizer)
    assert ref["digest"] == dir_digest(tmp_path / "full")


def test_lora_merged_full_export(lora_engine, tmp_path):
    from transformers import AutoModelForCausalLM

    e, b = lora_engine
    e.export_weights(str(tmp_path / "merged"), "full", 2)
    m = AutoModelForCausalLM.from_pretrained(str(tmp_path / "merged"))
    assert np.abs(hf_logprobs(m, b) - e.logprobs(b, temperature=1.0)).max() < 1e-5


def test_export_lora_needs_lora(full_engine, tmp_path):
    with pytest.raises(TrainerError, match="no LoRA adapter"):
        full_engine[0].export_weights(str(tmp_path / "x"), "lora", 1)


def test_load_weights_full_into_sampler(full_engine, qwen_dir, tmp_path):
    e, b = full_engine
    ref = e.export_weights(str(tmp_path / "w"), "full", 3)
    sampler = load(qwen_dir)
    assert sampler.load_weights(ref) == 3
    assert np.abs(sampler.logprobs(b) - e.logprobs(b)).max() < 1e-6
    info = sampler.info()
    assert info["weights_version"] == 3 and info["weights_digest"] == ref["digest"]
    # a service loaded from the exported dir reports the same base model
    assert load(tmp_path / "w").info()["base_model"] == "tiny-qwen2"


def test_load_weights_lora_into_plain_sampler(lora_engine, qwen_dir, tmp_path):
    e, b = lora_engine
    ref = e.export_weights(str(tmp_path / "a"), "lora", 4)
    sampler = load(qwen_dir)
    sampler.load_weights(ref)
    assert np.abs(sampler.logprobs(b) - e.logprobs(b)).max() < 1e-5
    assert np.abs(sampler.logprobs(b, reference=True) - e.logprobs(b, reference=True)).max() < 1e-5
    # a second adapter of the same shape is loaded in place
    e2, _ = trained(qwen_dir, lora_rank=4, lora_alpha=8, seed=5)
    sampler.load_weights(e2.export_weights(str(tmp_path / "b"), "lora", 5))
    assert np.abs(sampler.logprobs(b) - e2.logprobs(b)).max() < 1e-5 and sampler.info()["weights_version"] == 5


def test_load_weights_refusals_keep_weights(full_engine, llama_dir, qwen_dir, tmp_path):
    e, b = full_engine
    ref = e.export_weights(str(tmp_path / "w"), "full", 3)
    sampler = load(qwen_dir)
    before = params_of(sampler)
    cases = [
        (dict(ref, digest="sha256:" + "0" * 64), "BAD_WEIGHTS", "digest mismatch"),
        (dict(ref, base_model="other"), "BAD_WEIGHTS", "base model"),
        (dict(ref, path=str(tmp_path / "missing")), "NOT_FOUND", "no weights dir"),
        (dict(ref, kind="lora"), "BAD_WEIGHTS", "holds full weights"),
    ]
    for bad, code, words in cases:
        with pytest.raises(TrainerError) as err:
            sampler.load_weights(bad)
        assert err.value.code == code and words in str(err.value), str(err.value)
    llama_ref = load(llama_dir).export_weights(str(tmp_path / "l"), "full", 1)
    with pytest.raises(TrainerError, match="base model"):
        sampler.load_weights(llama_ref)
    # tampered file: digest no longer matches
    (tmp_path / "w" / "config.json").write_text((tmp_path / "w" / "config.json").read_text() + " ")
    with pytest.raises(TrainerError, match="digest mismatch"):
        sampler.load_weights(ref)
    assert all(torch.equal(before[k], v) for k, v in params_of(sampler).items())
    assert sampler.info()["weights_version"] == 0


def test_tied_embeddings_full_export_and_load(tmp_path):
    from transformers import AutoModelForCausalLM

    from tribunal_trainer.tiny_model import write_tiny_model

    d = write_tiny_model(tmp_path / "tied", tie=True)
    e, b = trained(d)
    ref = e.export_weights(str(tmp_path / "w"), "full", 1)
    from safetensors.torch import load_file

    assert "lm_head.weight" not in load_file(str(tmp_path / "w" / "model.safetensors"))
    m = AutoModelForCausalLM.from_pretrained(str(tmp_path / "w"))
    assert np.abs(hf_logprobs(m, b) - e.logprobs(b, temperature=1.0)).max() < 1e-5
    sampler = load(d)
    sampler.load_weights(ref)
    assert np.abs(sampler.logprobs(b) - e.logprobs(b)).max() < 1e-6


def test_exported_adapter_loads_alone_with_peft_offline(lora_engine, qwen_dir, tmp_path):
    """adapter_config.json names a base from_pretrained can load: AutoPeftModelForCausalLM in a fresh process, offline."""
    import os
    import subprocess
    import sys

    e, b = lora_engine
    e.export_weights(str(tmp_path / "v2"), "lora", 2)
    cfg = json.loads((tmp_path / "v2" / "adapter_config.json").read_text())
    assert cfg["base_model_name_or_path"] == str(qwen_dir.resolve())
    rows = [{"seq": [int(t) for t in b.seq(i)], "p": int(b.prompt_lens[i])} for i in range(b.size)]
    (tmp_path / "batch.json").write_text(json.dumps(rows))
    code = (
        "import json, sys, torch\n"
        "from peft import AutoPeftModelForCausalLM\n"
        "m = AutoPeftModelForCausalLM.from_pretrained(sys.argv[1]).eval()\n"
        "out = []\n"
        "for r in json.load(open(sys.argv[2])):\n"
        "    seq = torch.as_tensor(r['seq'])[None]\n"
        "    with torch.no_grad(): lp = torch.log_softmax(m(input_ids=seq).logits.float(), -1)[0]\n"
        "    out += lp[r['p'] - 1 : -1].gather(-1, seq[0, r['p']:, None]).squeeze(-1).tolist()\n"
        "print(json.dumps(out))\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "v2"), str(tmp_path / "batch.json")], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    got = np.asarray(json.loads(out.stdout.strip().splitlines()[-1]))
    assert np.abs(got - e.logprobs(b, temperature=1.0)).max() < 1e-5


def test_a_hub_id_in_config_is_the_adapter_base(tmp_path):
    """A model dir whose config.json names a hub id (as a downloaded one does) exports that id, not its local path."""
    from tribunal_trainer.model_loader import HUB_ID

    assert HUB_ID.fullmatch("Qwen/Qwen2.5-0.5B-Instruct") and HUB_ID.fullmatch("meta-llama/Llama-3.1-8B-Instruct")
    assert not HUB_ID.fullmatch("tiny-qwen2") and not HUB_ID.fullmatch("/abs/dir") and not HUB_ID.fullmatch("a/b/c")
