"""ExportWeights and LoadWeights: the policy as files samplers load, and back.

kind "lora": a PEFT adapter dir (adapter_config.json + adapter_model.safetensors,
  peft's own key names), loadable by PeftModel.from_pretrained and vLLM's
  /v1/load_lora_adapter. Needs a LoRA model.
kind "full": a Hugging Face model dir (config.json, model.safetensors or shards
  + index, tokenizer files, generation_config.json), in the dtype the base
  checkpoint was stored in; a LoRA model is exported merged (W + s B A).
Both also hold tribunal_weights.json (kind, base model, version) and are written
atomically; the WeightsRef's digest is digest.py's over the final files.

LoadWeights verifies, before changing anything, that the path exists, the base
model matches, the recomputed digest equals the ref's, and every tensor name
and shape fits the model; then loads. A failure leaves the previous weights.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import torch

from .digest import dir_bytes, dir_digest
from .distributed import full_model_state, load_full_model_state
from .errors import bad_config, bad_message, bad_weights, not_found, precondition
from .fsutil import atomic_dir
from .lora import ADAPTER, adapter_matches, check_adapter, merged_full_state, read_adapter, spec_of_adapter
from .model_loader import export_dtype
from .state import LoadedState

META = "tribunal_weights.json"
KINDS = ("lora", "full")
MAX_SHARD = "5GB"


def _strip(sd: dict, prefix: str = "lm.") -> dict:
    return {k.removeprefix(prefix): v for k, v in sd.items()}


def export_weights(st: LoadedState, path: str, kind: str, version: int) -> dict:
    if kind not in KINDS:
        raise bad_message(f"ExportWeights: kind must be lora or full, got {kind!r}")
    if not path:
        raise bad_message("ExportWeights: dir is empty")
    if kind == "lora" and st.peft is None:
        raise precondition("ExportWeights lora: the loaded model has no LoRA adapter (Load with lora.rank > 0, or export full)")
    sd = _strip(full_model_state(st.policy))  # full on rank 0, empty elsewhere
    if not st.dist.is_main:
        st.dist.barrier()
        return {}
    with atomic_dir(path) as tmp:
        if kind == "lora":
            _write_lora(st, sd, tmp)
        else:
            _write_full(st, sd, tmp)
        (tmp / META).write_text(json.dumps({"kind": kind, "base_model": st.md.base_model, "architecture": st.md.architecture, "version": version}, indent=1))
    st.dist.barrier()
    final = Path(path).expanduser().resolve()
    return dict(path=str(final), kind=kind, base_model=st.md.base_model, digest=dir_digest(final), version=version, bytes=dir_bytes(final))


def _write_lora(st: LoadedState, sd: dict, out: Path) -> None:
    from peft.utils import get_peft_model_state_dict
    from safetensors.torch import save_file

    adapter = get_peft_model_state_dict(st.peft, state_dict=sd, adapter_name=ADAPTER)
    save_file({k: v.contiguous() for k, v in adapter.items()}, str(out / "adapter_model.safetensors"), metadata={"format": "pt"})
    cfg = copy.deepcopy(st.peft.peft_config[ADAPTER])
    # What peft's from_pretrained loads the base by, in a fresh process: a hub id, or the base dir's absolute path.
    cfg.base_model_name_or_path = st.md.loadable or st.md.base_model
    cfg.inference_mode = True
    cfg.save_pretrained(str(out))


def _write_full(st: LoadedState, sd: dict, out: Path) -> None:
    from huggingface_hub import split_torch_state_dict_into_shards
    from safetensors.torch import save_file

    hf = st.policy.hf
    weights = merged_full_state(st.peft, sd) if st.peft is not None else sd
    text_cfg = hf.config.get_text_config()
    if getattr(text_cfg, "tie_word_embeddings", False):
        weights.pop("lm_head.weight", None)
    dtype = export_dtype(st.md)
    seen, clean = set(), {}
    for k, v in weights.items():
        if v.data_ptr() in seen and v.numel():
            continue  # another name of a tied tensor
        seen.add(v.data_ptr())
        clean[k] = v.detach().to(dtype).contiguous()
    split = split_torch_state_dict_into_shards(clean, filename_pattern="model{suffix}.safetensors", max_shard_size=MAX_SHARD)
    for filename, names in split.filename_to_tensors.items():
        save_file({n: clean[n] for n in names}, str(out / filename), metadata={"format": "pt"})
    if split.is_sharded:
        index = {"metadata": {"total_size": sum(v.numel() * v.element_size() for v in clean.values())}, "weight_map": split.tensor_to_filename}
        (out / "model.safetensors.index.json").write_text(json.dumps(index, indent=1, sort_keys=True))
    cfg = copy.deepcopy(hf.config)
    cfg.dtype = {torch.float32: "float32", torch.bfloat16: "bfloat16", torch.float16: "float16"}[dtype]
    cfg.save_pretrained(str(out))
    raw = json.loads((out / "config.json").read_text())
    raw["_name_or_path"] = st.md.base_model  # a service loading this dir reports the same base model
    raw["architectures"] = [st.md.architecture]
    (out / "config.json").write_text(json.dumps(raw, indent=2, sort_keys=True) + "\n")
    if getattr(hf, "generation_config", None) is not None:
        hf.generation_config.save_pretrained(str(out))
    st.tokenizer.save_pretrained(str(out))


# -- LoadWeights ---------------------------------------------------------------
def load_weights(st: LoadedState, ref: dict, rebuild) -> int:
    path = Path(ref.get("path") or "").expanduser()
    kind = ref.get("kind", "")
    if not ref.get("path") or not path.is_dir():
        raise not_found(f"LoadWeights: no weights dir at {ref.get('path') or '(empty path)'}")
    if kind not in KINDS:
        raise bad_message(f"LoadWeights: kind must be lora or full, got {kind!r}")
    if ref.get("base_model") != st.md.base_model:
        raise bad_weights(f"LoadWeights: weights are for base model {ref.get('base_model')!r}, this service has {st.md.base_model!r}")
    meta_file = path / META
    if meta_file.is_file():
        meta = json.loads(meta_file.read_text())
        if meta.get("base_model") != st.md.base_model or meta.get("kind") != kind:
            raise bad_weights(f"LoadWeights: {path} holds {meta.get('kind')} weights of {meta.get('base_model')!r}, not {kind} of {st.md.base_model!r}")
    got = dir_digest(path)
    if got != ref.get("digest"):
        raise bad_weights(f"LoadWeights: digest mismatch for {path}: the ref says {ref.get('digest') or '(none)'}, the files hash to {got}")
    if kind == "lora":
        _load_lora(st, path, rebuild)
    else:
        _load_full(st, path)
    st.weights_version = int(ref.get("version", 0))
    st.weights_digest = got
    return st.weights_version


def _adapter_key(saved: str) -> str:
    for part in ("lora_A", "lora_B"):
        saved = saved.replace(f".{part}.weight", f".{part}.{ADAPTER}.weight")
    return saved


def _load_lora(st: LoadedState, path: Path, rebuild) -> None:
    adapter = read_adapter(path)
    check_adapter(adapter, st.policy.hf, path)
    if st.peft is not None and not st.adapter_from_weights:
        if not adapter_matches(adapter, st.lora):
            have = spec_of_adapter(adapter)
            raise bad_weights(f"LoadWeights: adapter r={have.rank} alpha={have.alpha} targets={list(have.targets)} does not match the loaded LoRA r={st.lora.rank} alpha={st.lora.alpha} targets={list(st.lora.targets)}")
        load_full_model_state(st.policy, {"lm." + _adapter_key(k): v for k, v in adapter.tensors.items()})
        return
    if st.train:
        raise precondition("LoadWeights lora: this service trains the full model; load full weights, or Load with lora.rank > 0")
    if st.dist.enabled:
        raise bad_config("LoadWeights lora onto a model loaded without LoRA is supported in one process only")
    from peft import PeftModel

    if st.peft is not None and adapter_matches(adapter, st.lora):
        load_full_model_state(st.policy, {"lm." + _adapter_key(k): v for k, v in adapter.tensors.items()})
        return
    base = st.peft.unload() if st.peft is not None else st.policy.lm
    st.peft = PeftModel.from_pretrained(base, str(path), is_trainable=False).to(st.device)
    st.peft.requires_grad_(False)
    st.lora = spec_of_adapter(adapter)
    st.adapter_from_weights = True
    rebuild()


def _read_full(path: Path) -> dict:
    from safetensors.torch import load_file

    index = path / "model.safetensors.index.json"
    if index.is_file():
        files = sorted(set(json.loads(index.read_text())["weight_map"].values()))
    else:
        files = sorted(p.name for p in path.glob("*.safetensors"))
    if not files:
        raise bad_weights(f"LoadWeights: {path} has no *.safetensors files")
    out = {}
    for f in files:
        out.update(load_file(str(path / f)))
    return out


def _load_full(st: LoadedState, path: Path) -> None:
    if st.peft is not None:
        raise bad_weights("LoadWeights full: this service holds a LoRA model; export and load kind lora")
    tensors = _read_full(path)
    params = {k.removeprefix("lm."): v for k, v in st.policy.state_dict().items()}
    tied = {"lm_head.weight"} if getattr(st.policy.hf.config.get_text_config(), "tie_word_embeddings", False) else set()
    unknown = sorted(set(tensors) - set(params))
    missing = sorted(set(params) - set(tensors) - tied)
    if unknown or missing:
        raise bad_weights(f"LoadWeights: {path} does not fit {st.md.architecture}: unknown tensors {unknown[:3]}, missing {missing[:3]}")
    for k, v in tensors.items():
        if tuple(v.shape) != tuple(params[k].shape):
            raise bad_weights(f"LoadWeights: {k} has shape {tuple(v.shape)} in {path}, {tuple(params[k].shape)} here")
        if not torch.isfinite(v).all():
            raise bad_weights(f"LoadWeights: {k} in {path} has NaN/Inf values")
    load_full_model_state(st.policy, {"lm." + k: v.to(torch.float32) for k, v in tensors.items()})
