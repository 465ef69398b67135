"""Shared fixtures: tiny random models written offline (tribunal_trainer.tiny_model) and engine helpers."""

from __future__ import annotations

import os

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import pytest
import torch

from transformers.utils import logging as hf_logging

hf_logging.disable_progress_bar()
hf_logging.set_verbosity_error()

from tribunal_trainer.engine import Engine, LoadConfig  # noqa: E402
from tribunal_trainer.packing import make_batch  # noqa: E402
from tribunal_trainer.tiny_model import write_tiny_model  # noqa: E402

torch.set_num_threads(min(2, os.cpu_count() or 1))


@pytest.fixture(scope="session")
def qwen_dir(tmp_path_factory):
    return write_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny-qwen2", arch="qwen2", seed=0)


@pytest.fixture(scope="session")
def llama_dir(tmp_path_factory):
    return write_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny-llama", arch="llama", seed=1)


def load(model_dir, **kw) -> Engine:
    kw.setdefault("seed", 0)
    if kw.get("train"):
        kw.setdefault("lr", 1e-2)
    e = Engine()
    e.load(LoadConfig(model_dir=str(model_dir), **kw))
    return e


def fixed_batch(seed: int = 0, sizes=((3, 5), (2, 4), (4, 6), (1, 3))):
    """Sequences of random token ids (prompt_len, completion_len), ids in [4, 480)."""
    rng = np.random.default_rng(seed)
    p = [a for a, _ in sizes]
    c = [b for _, b in sizes]
    toks = rng.integers(4, 480, size=sum(p) + sum(c))
    return make_batch(p, c, toks)


def params_of(engine: Engine) -> dict:
    return {k: v.detach().clone() for k, v in engine.state.policy.named_parameters()}
