"""Process group, FSDP2 wrapping, call broadcast and collectives (torchrun).

One process (world 1) is the default and everything here is then a no-op.
Under `torchrun --nproc-per-node N -m tribunal_trainer serve ...`, rank 0
serves gRPC and broadcasts each model call (method, request bytes) with
broadcast_object_list; ranks > 0 run worker_loop, executing the same calls so
every collective (FSDP2 all-gather / reduce-scatter, the helpers below) is
entered by all ranks in the same order. The model is sharded with
torch.distributed.fsdp.fully_shard per decoder layer (the model's
_no_split_modules classes) and at the root Policy module. Backend: nccl on
CUDA, gloo on CPU. What each verb computes is the engine's business.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta

import torch
import torch.distributed as dist

STOP = "__stop__"


@dataclass
class Dist:
    rank: int = 0
    world: int = 1
    local_rank: int = 0
    backend: str = ""
    mesh: object = field(default=None, repr=False)
    calls: object = field(default=None, repr=False)  # gloo group for call broadcasts (long timeout)

    @property
    def enabled(self) -> bool:
        return self.world > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def device(self, requested: str) -> torch.device:
        if not self.enabled:
            return torch.device(requested)
        return torch.device(f"cuda:{self.local_rank}") if self.backend == "nccl" else torch.device("cpu")

    def _tensor_device(self) -> torch.device:
        return torch.device(f"cuda:{self.local_rank}") if self.backend == "nccl" else torch.device("cpu")

    # -- collectives (no-ops in one process) -------------------------------
    def all_reduce_sum(self, value: float) -> float:
        if not self.enabled:
            return value
        t = torch.tensor([value], dtype=torch.float64, device=self._tensor_device())
        dist.all_reduce(t)
        return float(t.item())

    def all_gather_objects(self, obj) -> list:
        if not self.enabled:
            return [obj]
        out = [None] * self.world
        dist.all_gather_object(out, obj)
        return out

    def broadcast_(self, t: torch.Tensor) -> torch.Tensor:
        """Rank 0's values of t, in place, on every rank."""
        if self.enabled:
            dist.broadcast(t, src=0)
        return t

    def barrier(self) -> None:
        if self.enabled:
            dist.barrier()

    # -- calls -------------------------------------------------------------
    def broadcast_call(self, method: str, payload: bytes) -> None:
        if self.enabled:
            dist.broadcast_object_list([method, payload], src=0, group=self.calls)

    def receive_call(self) -> tuple[str, bytes]:
        box = [None, None]
        dist.broadcast_object_list(box, src=0, group=self.calls)
        return box[0], box[1]


def init_from_env() -> Dist:
    """Join the torchrun process group when WORLD_SIZE > 1; else a one-process Dist."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return Dist()
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    backend = os.environ.get("TRIBUNAL_DIST_BACKEND") or ("nccl" if torch.cuda.is_available() else "gloo")
    if backend == "nccl":
        torch.cuda.set_device(local_rank)
    if not dist.is_initialized():
        dist.init_process_group(backend, timeout=timedelta(seconds=float(os.environ.get("TRIBUNAL_DIST_TIMEOUT_S", "1800"))))
    from torch.distributed.device_mesh import init_device_mesh

    mesh = init_device_mesh("cuda" if backend == "nccl" else "cpu", (dist.get_world_size(),))
    # Idle ranks wait in a broadcast for the next call for as long as the service lives.
    calls = dist.new_group(backend="gloo", timeout=timedelta(days=365))
    return Dist(rank=dist.get_rank(), world=dist.get_world_size(), local_rank=local_rank, backend=backend, mesh=mesh, calls=calls)


def fsdp_wrap(policy: torch.nn.Module, d: Dist) -> torch.nn.Module:
    """FSDP2: fully_shard each decoder layer, then the root (embeddings, norm, lm_head)."""
    from torch.distributed.fsdp import fully_shard

    hf = policy.hf
    names = set(getattr(hf, "_no_split_modules", None) or [])
    layers = [m for m in policy.modules() if type(m).__name__ in names]
    if not layers:
        raise RuntimeError(f"FSDP: no decoder layer classes found in {type(hf).__name__} (_no_split_modules={sorted(names)})")
    for layer in layers:
        fully_shard(layer, mesh=d.mesh)
    fully_shard(policy, mesh=d.mesh)
    return policy


def reshard(module: torch.nn.Module | None) -> None:
    """Free FSDP2's gathered parameters after a forward with no backward.

    FSDP2 keeps the root's parameters unsharded after a forward (for the backward
    that training would run next); while unsharded, module.parameters() yields the
    gathered tensors, not the sharded ones the optimizer steps. Inference verbs call
    this so the next OptimStep, state-dict read or forward sees the sharded state.
    """
    if module is None:
        return
    from torch.distributed.fsdp import FSDPModule

    for m in module.modules():
        if isinstance(m, FSDPModule):
            m.reshard()


def worker_loop(d: Dist, handle) -> None:
    """Ranks > 0: run every call rank 0 broadcasts until STOP. handle(method, payload) must not raise."""
    while True:
        method, payload = d.receive_call()
        if method == STOP:
            return
        handle(method, payload)


def shutdown(d: Dist) -> None:
    if d.enabled and dist.is_initialized():
        if d.is_main:
            try:
                d.broadcast_call(STOP, b"")
            except Exception:  # noqa: BLE001 - peers may be gone
                pass
        dist.destroy_process_group()


# -- state dicts (full, CPU; rank 0 holds them when sharded) ---------------
def _opts(**kw):
    from torch.distributed.checkpoint.state_dict import StateDictOptions

    return StateDictOptions(**kw)


def full_model_state(module: torch.nn.Module) -> dict:
    from torch.distributed.checkpoint.state_dict import get_model_state_dict

    return get_model_state_dict(module, options=_opts(full_state_dict=True, cpu_offload=True))


def load_full_model_state(module: torch.nn.Module, state: dict) -> None:
    """Every rank passes the same full state dict (missing keys are left as they are)."""
    from torch.distributed.checkpoint.state_dict import set_model_state_dict

    set_model_state_dict(module, state, options=_opts(full_state_dict=True, strict=False))


def full_optim_state(module: torch.nn.Module, optimizer) -> dict:
    from torch.distributed.checkpoint.state_dict import get_optimizer_state_dict

    return get_optimizer_state_dict(module, optimizer, options=_opts(full_state_dict=True, cpu_offload=True))


def load_full_optim_state(module: torch.nn.Module, optimizer, state: dict) -> None:
    from torch.distributed.checkpoint.state_dict import set_optimizer_state_dict

    set_optimizer_state_dict(module, optimizer, state, options=_opts(full_state_dict=True))
