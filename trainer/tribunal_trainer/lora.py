"""LoRA with peft: target validation, wrapping, adapter files, merging.

- resolve_targets: the target module names (peft's default for the
  architecture when none are given), each checked to match a Linear module of
  the model, so a missing target is one BAD_CONFIG line instead of peft's error;
- wrap: get_peft_model with the request's rank / alpha / dropout;
- merged_full_state: a LoRA model's weights merged into plain HF names (W + s B A),
  from a full (gathered) state dict, for full exports;
- read_adapter / check_adapter: an exported adapter dir's config and tensors,
  validated against the model before anything is loaded (LoadWeights).
The optimizer, FSDP and when to do any of this are the engine's business.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from .errors import bad_config, bad_weights

ADAPTER = "default"


@dataclass(frozen=True)
class LoraSpec:
    rank: int
    alpha: float
    dropout: float
    targets: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"rank": self.rank, "alpha": self.alpha, "dropout": self.dropout, "targets": list(self.targets)}


def _linear_leaves(model: nn.Module) -> dict[str, list[str]]:
    """short name -> full module names, for Linear-like leaves."""
    out: dict[str, list[str]] = {}
    for name, mod in model.named_modules():
        if isinstance(mod, nn.Linear) or type(mod).__name__ == "Conv1D":
            out.setdefault(name.rsplit(".", 1)[-1], []).append(name)
    return out


def resolve_targets(model: nn.Module, model_type: str, architecture: str, targets: list[str]) -> tuple[str, ...]:
    if not targets:
        from peft.utils import TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING as DEFAULTS

        if model_type not in DEFAULTS:
            raise bad_config(f"lora: peft has no default target modules for model_type {model_type}; set lora.target_modules")
        targets = list(DEFAULTS[model_type])
    leaves = _linear_leaves(model)
    names = [n for ns in leaves.values() for n in ns]
    for t in targets:
        if t in leaves or any(n == t or n.endswith("." + t) for n in names):
            continue
        have = ", ".join(sorted(k for k in leaves if k != "lm_head"))
        raise bad_config(f"lora target module {t!r} not found in {architecture} (its linear modules: {have})")
    return tuple(sorted(set(targets)))


def spec_from_request(rank: int, alpha: float, dropout: float, targets: tuple[str, ...]) -> LoraSpec:
    if not (0 <= dropout < 1):
        raise bad_config(f"lora.dropout must be in [0, 1), got {dropout}")
    if alpha < 0:
        raise bad_config(f"lora.alpha must be >= 0, got {alpha}")
    return LoraSpec(rank=rank, alpha=float(alpha) if alpha > 0 else float(rank), dropout=float(dropout), targets=targets)


def wrap(model: nn.Module, spec: LoraSpec, trainable: bool):
    from peft import LoraConfig, get_peft_model

    cfg = LoraConfig(
        r=spec.rank,
        lora_alpha=spec.alpha,
        lora_dropout=spec.dropout,
        target_modules=list(spec.targets),
        bias="none",
        task_type="CAUSAL_LM",
        inference_mode=not trainable,
    )
    return get_peft_model(model, cfg)


def _hf_name(peft_name: str) -> str | None:
    """peft parameter name -> plain HF name; None for LoRA's own tensors."""
    if ".lora_" in peft_name:
        return None
    name = peft_name.removeprefix("base_model.model.")
    return name.replace(".base_layer.", ".")


def merged_full_state(peft_model, full_state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """HF-named weights with every LoRA delta merged in, from the peft model's full state dict (CPU)."""
    from peft.tuners.lora import LoraLayer

    out = {}
    for k, v in full_state.items():
        hf = _hf_name(k)
        if hf is not None:
            out[hf] = v.detach().clone()
    for name, mod in peft_model.named_modules():
        if not isinstance(mod, LoraLayer) or ADAPTER not in mod.lora_A:
            continue
        a = full_state[f"{name}.lora_A.{ADAPTER}.weight"].float()
        b = full_state[f"{name}.lora_B.{ADAPTER}.weight"].float()
        delta = (b @ a) * mod.scaling[ADAPTER]
        if getattr(mod, "fan_in_fan_out", False):
            delta = delta.T
        key = _hf_name(f"{name}.base_layer.weight")
        out[key] = (out[key].float() + delta).to(out[key].dtype)
    return out


@dataclass
class Adapter:
    config: dict
    tensors: dict[str, torch.Tensor]  # peft's saved names (no adapter name)


def read_adapter(path: Path) -> Adapter:
    from safetensors.torch import load_file

    cfg_file, st_file = path / "adapter_config.json", path / "adapter_model.safetensors"
    if not cfg_file.is_file() or not st_file.is_file():
        raise bad_weights(f"{path}: not a PEFT adapter dir (needs adapter_config.json and adapter_model.safetensors)")
    try:
        config = json.loads(cfg_file.read_text())
        tensors = load_file(str(st_file))
    except Exception as e:  # noqa: BLE001
        raise bad_weights(f"{path}: unreadable adapter ({type(e).__name__}: {e})") from None
    if config.get("peft_type", "LORA") != "LORA":
        raise bad_weights(f"{path}: adapter is {config.get('peft_type')}, only LORA is loaded")
    return Adapter(config=config, tensors=tensors)


def check_adapter(adapter: Adapter, hf_model: nn.Module, path: Path) -> None:
    """Every tensor targets an existing Linear of the (base) model with matching shapes."""
    modules = dict(hf_model.named_modules())
    rank = int(adapter.config.get("r", 0))
    for key, t in adapter.tensors.items():
        stem = key.removeprefix("base_model.model.")
        for part in (".lora_A.weight", ".lora_B.weight"):
            if stem.endswith(part):
                mod_name = stem[: -len(part)]
                break
        else:
            raise bad_weights(f"{path}: unexpected adapter tensor {key}")
        mod = modules.get(mod_name) or modules.get(mod_name + ".base_layer")
        if mod is not None and hasattr(mod, "base_layer"):
            mod = mod.base_layer
        if not isinstance(mod, nn.Linear):
            raise bad_weights(f"{path}: adapter tensor {key} targets {mod_name}, which is not a linear module of this model")
        want = (rank, mod.in_features) if part == ".lora_A.weight" else (mod.out_features, rank)
        if tuple(t.shape) != want:
            raise bad_weights(f"{path}: adapter tensor {key} has shape {tuple(t.shape)}, expected {want}")


def adapter_matches(adapter: Adapter, spec: LoraSpec) -> bool:
    targets = adapter.config.get("target_modules") or []
    targets = tuple(sorted(targets if isinstance(targets, list) else [targets]))
    return int(adapter.config.get("r", 0)) == spec.rank and float(adapter.config.get("lora_alpha", 0)) == spec.alpha and targets == spec.targets


def spec_of_adapter(adapter: Adapter) -> LoraSpec:
    targets = adapter.config.get("target_modules") or []
    targets = tuple(sorted(targets if isinstance(targets, list) else [targets]))
    return LoraSpec(int(adapter.config.get("r", 0)), float(adapter.config.get("lora_alpha", 0)), 0.0, targets)
