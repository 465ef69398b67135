"""The sampling snapshot: a copy of the policy that colocated samplers read while the live weights train.

ExportWeights kind "memory" writes it: the first time a deep copy of the policy
whose frozen parameters (a LoRA model's base) are the live ones, shared, not
copied; after that the trainable parameters are copied into it in place. It is
tagged with the version, and Sample from_snapshot samples it, so a version
reaches sampling without a file, a digest or a load, and a half-done update
(between the mini-batches of a version) is never sampled. The copy lives where
the policy does. Sampling the snapshot holds only the server's snapshot lock,
so it runs beside a training call (which holds the model lock): on a CPU they
divide the cores, on a GPU they share the device, their kernels interleaved on
it (time-sliced, as verl's hybrid engine does, without its weight resharding:
the copy costs the trainable parameters' bytes once more).
Not under FSDP: a sharded policy has no single copy to sample (refused there).
"""

from __future__ import annotations

import copy

import torch

from .errors import bad_config, precondition
from .state import LoadedState


def take(st: LoadedState, version: int, instance: str) -> dict:
    """Copy the live policy into the snapshot (made on first use) as `version`; a WeightsRef of kind memory."""
    if st.dist.enabled:
        raise bad_config("ExportWeights memory: a sharded (FSDP, gpus > 1) policy has no single copy to sample; export lora or full and sample by reference")
    with torch.no_grad():
        if st.snapshot is None:
            frozen = {id(p): p for p in st.policy.parameters() if not p.requires_grad}
            snap = copy.deepcopy(st.policy, memo=frozen)
            pairs = [(src, dst) for src, dst in zip(st.policy.parameters(), snap.parameters()) if src.requires_grad]
            for _, dst in pairs:
                dst.requires_grad_(False)
            st.snapshot, st.snapshot_pairs = snap.eval(), pairs
        else:
            for src, dst in st.snapshot_pairs:
                dst.copy_(src)
    st.snapshot_version = int(version)
    nbytes = sum(dst.numel() * dst.element_size() for _, dst in st.snapshot_pairs)
    return dict(path="", kind="memory", base_model=st.md.base_model, digest=f"instance:{instance}", version=int(version), bytes=nbytes)


def sampling_policy(st: LoadedState, from_snapshot: bool):
    """(policy, version) that Sample draws from: the snapshot, or the live weights."""
    if not from_snapshot:
        return st.policy, st.weights_version
    if st.snapshot is None:
        raise precondition("Sample from_snapshot: no memory export yet (ExportWeights kind memory makes the snapshot)")
    return st.snapshot, st.snapshot_version
