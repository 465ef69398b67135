"""Validate a local Hugging Face model dir and load its causal LM and tokenizer.

Checks, each failing with one INVALID_ARGUMENT (BAD_CONFIG) line before
anything is built: the dir exists, config.json parses, the architecture is a
causal LM (config.architectures, else model_type, against transformers'
MODEL_FOR_CAUSAL_LM_MAPPING), safetensors weights are present, the tokenizer
loads and its vocabulary fits the embedding. Loading keeps fp32 parameters (the
master weights); compute dtype and devices are the engine's business. Nothing
is ever downloaded (local_files_only).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import torch

from .errors import bad_config

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")


@dataclass
class ModelDir:
    path: Path
    raw_config: dict  # config.json as written
    config: object  # transformers PretrainedConfig
    architecture: str
    base_model: str  # the model's identity: its hub id when config.json names one, else the dir's name
    loadable: str = ""  # what from_pretrained loads it by, in any process: the hub id, else the dir's absolute path


def _causal_lm_names() -> tuple[set, set]:
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    classes = set()
    for v in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES.values():
        classes.update(v if isinstance(v, (tuple, list)) else [v])
    return set(MODEL_FOR_CAUSAL_LM_MAPPING_NAMES), classes


def inspect_dir(model_dir: str) -> ModelDir:
    """Validate model_dir's files and config (no weights loaded)."""
    if not model_dir:
        raise bad_config("model_dir is empty")
    path = Path(model_dir).expanduser()
    if not path.is_dir():
        raise bad_config(f"model_dir {model_dir} does not exist or is not a directory")
    cfg_file = path / "config.json"
    if not cfg_file.is_file():
        raise bad_config(f"model_dir {model_dir} has no config.json (not a Hugging Face model dir)")
    try:
        raw = json.loads(cfg_file.read_text())
    except (OSError, ValueError) as e:
        raise bad_config(f"{cfg_file}: unreadable JSON ({e})") from None
    model_types, classes = _causal_lm_names()
    archs = raw.get("architectures") or []
    model_type = raw.get("model_type", "")
    if archs:
        arch = archs[0]
        if arch not in classes:
            raise bad_config(f"{model_dir}: architecture {arch} is not a causal LM (expected a *ForCausalLM class)")
    elif model_type in model_types:
        arch = ""
    else:
        raise bad_config(f"{model_dir}: model_type {model_type!r} is not a causal LM")
    if not (list(path.glob("*.safetensors")) or (path / "model.safetensors.index.json").is_file()):
        raise bad_config(f"{model_dir}: no *.safetensors weights (other weight formats are not loaded)")
    from transformers import AutoConfig

    try:
        config = AutoConfig.from_pretrained(str(path), local_files_only=True)
    except Exception as e:  # noqa: BLE001 - transformers raises many kinds
        raise bad_config(f"{model_dir}: config.json not understood by transformers ({first_line(e)})") from None
    if not arch:
        from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

        arch = MODEL_FOR_CAUSAL_LM_MAPPING_NAMES[config.model_type]
        arch = arch[0] if isinstance(arch, (tuple, list)) else arch
    name = raw.get("_name_or_path")
    base_model = name if isinstance(name, str) and name and not os.path.isabs(name) else path.resolve().name
    # A hub id (org/name, not a relative path that happens to exist) loads anywhere; anything else by the dir itself.
    hub_id = isinstance(name, str) and HUB_ID.fullmatch(name) is not None and not Path(name).exists()
    loadable = name if hub_id else str(path.resolve())
    return ModelDir(path=path, raw_config=raw, config=config, architecture=arch, base_model=base_model, loadable=loadable)


def load_tokenizer(md: ModelDir, vocab_rows: int):
    from transformers import AutoTokenizer

    try:
        tok = AutoTokenizer.from_pretrained(str(md.path), local_files_only=True)
    except Exception as e:  # noqa: BLE001
        raise bad_config(f"{md.path}: tokenizer does not load ({first_line(e)})") from None
    if len(tok) > vocab_rows:
        raise bad_config(f"{md.path}: tokenizer has {len(tok)} tokens but the model's embedding has {vocab_rows} rows")
    return tok


def embedding_rows(config) -> int:
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    return int(getattr(text, "vocab_size", 0) or 0)


def build_meta(md: ModelDir):
    """The model on the meta device (no memory): for validating LoRA targets before loading."""
    from transformers import AutoModelForCausalLM

    with torch.device("meta"):
        return AutoModelForCausalLM.from_config(md.config, dtype=torch.float32)


def load_model(md: ModelDir):
    from transformers import AutoModelForCausalLM

    try:
        model = AutoModelForCausalLM.from_pretrained(str(md.path), dtype=torch.float32, local_files_only=True)
    except Exception as e:  # noqa: BLE001
        raise bad_config(f"{md.path}: weights do not load ({first_line(e)})") from None
    return model


def export_dtype(md: ModelDir) -> torch.dtype:
    """The dtype the base checkpoint was stored in (full exports use it); float32 when unknown."""
    name = md.raw_config.get("dtype") or md.raw_config.get("torch_dtype") or "float32"
    return DTYPES.get(str(name), torch.float32)


def first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0] if text else ''}"
