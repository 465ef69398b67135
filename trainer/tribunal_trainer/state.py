"""The loaded model's state: what Load built and every verb reads or updates.

A plain dataclass plus small helpers (compute-dtype autocast, batch tensors,
guards). Building it is engine.py's job; the verbs live in training.py,
sampling.py, checkpoint.py and export.py.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np
import torch

from .distributed import Dist
from .errors import not_loaded, precondition
from .lora import LoraSpec
from .model_loader import ModelDir
from .packing import Padded, SeqBatch, pad_batch
from .policy import Policy
from .schedule import Schedule

DTYPE_NAMES = {torch.float32: "float32", torch.bfloat16: "bfloat16", torch.float16: "float16"}


@dataclass
class LoadedState:
    md: ModelDir
    tokenizer: object
    policy: Policy  # FSDP2-wrapped when dist.enabled
    peft: object | None  # the PeftModel inside policy when LoRA is on
    lora: LoraSpec | None
    train: bool
    device: torch.device
    dtype: torch.dtype  # compute dtype (autocast); parameters stay fp32
    temperature: float
    micro_batch: int
    seed: int
    dist: Dist
    vocab_rows: int
    pad_id: int
    eos_ids: tuple[int, ...]
    max_positions: int
    parameters: int
    trainable_parameters: int
    optimizer: torch.optim.Optimizer | None = None
    schedule: Schedule | None = None
    optimizer_config: dict = field(default_factory=dict)
    grad_clip: float = 0.0
    scaler: object | None = None  # torch.amp.GradScaler for float16 training
    step: int = 0
    pending: bool = False  # gradient accumulated since the last OptimStep
    poisoned: str = ""  # why the pending accumulation must be skipped
    reference: Policy | None = None  # full-FT reference copy, built on first use
    weights_version: int = 0
    weights_digest: str = ""
    adapter_from_weights: bool = False  # LoRA came by LoadWeights onto an inference load
    snapshot: Policy | None = None  # the sampling copy (snapshot.py), made by the first memory export
    snapshot_pairs: list = field(default_factory=list)  # (live, copy) trainable parameters
    snapshot_version: int = 0

    def autocast(self):
        if self.dtype == torch.float32:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.dtype)

    def tensors(self, batch: SeqBatch) -> tuple[Padded, dict]:
        p = pad_batch(batch, self.pad_id)
        dev = self.device
        t = lambda a: torch.as_tensor(a, device=dev)
        return p, dict(input_ids=t(p.input_ids), attention_mask=t(p.attention_mask), positions=t(p.score_positions), targets=t(p.targets))

    def after_inference(self) -> None:
        """Under FSDP2, reshard what an inference forward left gathered (distributed.reshard)."""
        if self.dist.enabled:
            from .distributed import reshard

            reshard(self.policy)
            reshard(self.reference)

    def trainable(self) -> list[torch.nn.Parameter]:
        return [p for p in self.policy.parameters() if p.requires_grad]

    def trainable_names(self) -> list[str]:
        return [n for n, p in self.policy.named_parameters() if p.requires_grad]

    def require_train(self, verb: str) -> None:
        if not self.train or self.optimizer is None:
            raise precondition(f"{verb}: the model was loaded for inference only (Load with train=true)")

    def check_lengths(self, batch: SeqBatch) -> None:
        if self.max_positions and batch.size and int(batch.lengths.max()) > self.max_positions:
            from .errors import bad_message

            raise bad_message(f"a sequence of {int(batch.lengths.max())} tokens exceeds the model's {self.max_positions} positions")

    @property
    def dtype_name(self) -> str:
        return DTYPE_NAMES[self.dtype]


def require(state: LoadedState | None) -> LoadedState:
    if state is None:
        raise not_loaded()
    return state


def np_f32(t: torch.Tensor) -> np.ndarray:
    return t.detach().float().cpu().numpy().astype(np.float32)
