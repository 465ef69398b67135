"""SaveCheckpoint / LoadCheckpoint: the whole training state under one dir.

Files (written atomically, tmp dir + rename):
  trainer_state.json   format, fingerprint, step, optimizer/schedule config,
                       weights version/digest, the caller's meta_json
  weights.safetensors  the trainable parameters (full FT: all; LoRA: the adapter), fp32
  optimizer.pt         AdamW state keyed by parameter name (torch.save, tensors only)
  rng.json             torch (CPU and CUDA), numpy and python RNG states
The fingerprint covers the model config (config.json minus volatile keys), the
LoRA config and the base model: LoadCheckpoint refuses, changing nothing, a
checkpoint whose fingerprint, tensor names or shapes differ. Under FSDP the
state is gathered to rank 0, which writes; every rank reads on load.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from pathlib import Path

import numpy as np
import torch

from .digest import dir_bytes
from .distributed import full_model_state, full_optim_state, load_full_model_state, load_full_optim_state
from .errors import bad_config, not_found
from .fsutil import atomic_dir
from .state import LoadedState

FORMAT = "tribunal-trainer-checkpoint/1"
_VOLATILE = {"_name_or_path", "transformers_version", "dtype", "torch_dtype", "use_cache"}


def fingerprint(st: LoadedState) -> dict:
    cfg = {k: v for k, v in st.md.raw_config.items() if k not in _VOLATILE}
    body = {"base_model": st.md.base_model, "architecture": st.md.architecture, "lora": st.lora.as_dict() if st.lora else None, "config": cfg}
    body["digest"] = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return body


def _rng_state() -> dict:
    b64 = lambda t: base64.b64encode(t.cpu().numpy().tobytes()).decode()
    np_state = np.random.get_state()
    return {
        "torch": b64(torch.get_rng_state()),
        "cuda": [b64(s) for s in torch.cuda.get_rng_state_all()] if torch.cuda.is_available() else [],
        "numpy": [np_state[0], np_state[1].tolist(), int(np_state[2]), int(np_state[3]), float(np_state[4])],
        "python": [random.getstate()[0], list(random.getstate()[1]), random.getstate()[2]],
    }


def _set_rng(s: dict) -> None:
    t = lambda b: torch.frombuffer(bytearray(base64.b64decode(b)), dtype=torch.uint8)
    torch.set_rng_state(t(s["torch"]))
    if torch.cuda.is_available() and s.get("cuda") and len(s["cuda"]) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all([t(x) for x in s["cuda"]])
    n = s["numpy"]
    np.random.set_state((n[0], np.asarray(n[1], dtype=np.uint32), n[2], n[3], n[4]))
    p = s["python"]
    random.setstate((p[0], tuple(p[1]), p[2]))


def save(st: LoadedState, path: str, meta_json: str) -> int:
    st.require_train("SaveCheckpoint")
    if not path:
        raise bad_config("SaveCheckpoint: dir is empty")
    from safetensors.torch import save_file

    names = set(st.trainable_names())
    model_sd = full_model_state(st.policy)
    optim_sd = full_optim_state(st.policy, st.optimizer)
    if not st.dist.is_main:
        st.dist.barrier()
        return 0
    weights = {k: v.detach().contiguous() for k, v in model_sd.items() if k in names}
    state = {
        "format": FORMAT,
        "fingerprint": fingerprint(st),
        "step": st.step,
        "schedule": vars(st.schedule),
        "optimizer": {k: list(v) if isinstance(v, tuple) else v for k, v in st.optimizer_config.items()},
        "grad_clip": st.grad_clip,
        "weights_version": st.weights_version,
        "weights_digest": st.weights_digest,
        "scaler": st.scaler.state_dict() if st.scaler is not None else None,
        "meta_json": meta_json,
    }
    with atomic_dir(path) as tmp:
        save_file(weights, str(tmp / "weights.safetensors"), metadata={"format": "pt"})
        torch.save(optim_sd, tmp / "optimizer.pt")
        (tmp / "rng.json").write_text(json.dumps(_rng_state()))
        (tmp / "trainer_state.json").write_text(json.dumps(state, indent=1, sort_keys=True))
    st.dist.barrier()
    return dir_bytes(path)


def _describe_mismatch(mine: dict, theirs: dict) -> str:
    for key in ("base_model", "architecture", "lora"):
        if mine.get(key) != theirs.get(key):
            return f"{key} is {theirs.get(key)!r} in the checkpoint but {mine.get(key)!r} here"
    diff = sorted(k for k in set(mine["config"]) | set(theirs.get("config", {})) if mine["config"].get(k) != theirs.get("config", {}).get(k))
    return f"model config differs in {', '.join(diff[:5]) or 'its digest'}"


def load(st: LoadedState, path: str) -> tuple[str, int]:
    st.require_train("LoadCheckpoint")
    from safetensors.torch import load_file

    root = Path(path or "").expanduser()
    if not path or not (root / "trainer_state.json").is_file():
        raise not_found(f"LoadCheckpoint: no checkpoint at {path or '(empty dir)'} (trainer_state.json missing)")
    try:
        state = json.loads((root / "trainer_state.json").read_text())
    except ValueError as e:
        raise bad_config(f"LoadCheckpoint: {root}/trainer_state.json is not JSON ({e})") from None
    if state.get("format") != FORMAT:
        raise bad_config(f"LoadCheckpoint: {root} has format {state.get('format')!r}, expected {FORMAT}")
    mine = fingerprint(st)
    if state.get("fingerprint", {}).get("digest") != mine["digest"]:
        raise bad_config(f"LoadCheckpoint: {root} is a checkpoint of another model or config: {_describe_mismatch(mine, state.get('fingerprint', {}))}")
    for f in ("weights.safetensors", "optimizer.pt", "rng.json"):
        if not (root / f).is_file():
            raise not_found(f"LoadCheckpoint: {root} lacks {f}")
    weights = load_file(str(root / "weights.safetensors"))
    params = dict(st.policy.named_parameters())
    names = set(st.trainable_names())
    if set(weights) != names:
        missing, extra = sorted(names - set(weights)), sorted(set(weights) - names)
        raise bad_config(f"LoadCheckpoint: {root} tensors differ from the trainable parameters (missing {missing[:3]}, unexpected {extra[:3]})")
    for k, v in weights.items():
        shape = tuple(params[k].shape)  # DTensor.shape is the global shape
        if tuple(v.shape) != shape:
            raise bad_config(f"LoadCheckpoint: {k} has shape {tuple(v.shape)} in the checkpoint, {shape} here")
    optim = torch.load(root / "optimizer.pt", map_location="cpu", weights_only=True)
    if not set(optim.get("state", {})) <= names:
        raise bad_config(f"LoadCheckpoint: {root}/optimizer.pt has state for parameters this model lacks")
    rng = json.loads((root / "rng.json").read_text())
    # Validated: apply.
    st.optimizer.zero_grad(set_to_none=True)
    st.pending, st.poisoned = False, ""
    load_full_model_state(st.policy, weights)
    load_full_optim_state(st.policy, st.optimizer, optim)
    st.step = int(state["step"])
    st.weights_version = int(state.get("weights_version", 0))
    st.weights_digest = state.get("weights_digest", "")
    if st.scaler is not None and state.get("scaler"):
        st.scaler.load_state_dict(state["scaler"])
    _set_rng(rng)
    return state.get("meta_json", ""), st.step
